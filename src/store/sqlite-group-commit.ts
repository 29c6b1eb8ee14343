import { close, fsync, open } from "node:fs";
import type { Database } from "better-sqlite3";

/** Flushes everything written to the file at `path` so far to the disk, off the event loop. */
export type SyncFile = (path: string) => Promise<void>;

/**
 * `fsync(2)` of one file on libuv's thread pool, so the event loop keeps serving requests while the disk works.
 * The file is opened once and kept open until `close`: Linux flushes a file's pages whoever wrote them, and
 * SQLite keeps the same write-ahead log file (it only truncates or rewrites it) while a connection is open. It is
 * opened for writing (nothing is written through it) because Windows flushes a file only through a handle that may.
 */
export function createFileSync(path: string): { readonly sync: () => Promise<void>; close(): void } {
  let fd: Promise<number> | undefined;
  const opened = (): Promise<number> => {
    fd ??= new Promise<number>((resolve, reject) =>
      open(path, "r+", (error, n) => (error ? reject(error) : resolve(n))),
    ).catch((error: unknown) => {
      fd = undefined;
      throw error;
    });
    return fd;
  };
  const running = new Set<Promise<void>>();
  const sync = async (): Promise<void> => {
    const n = await opened();
    await new Promise<void>((resolve, reject) => fsync(n, (error) => (error ? reject(error) : resolve())));
  };
  return {
    sync: () => {
      const p = sync();
      running.add(p);
      const forget = () => running.delete(p);
      p.then(forget, forget);
      return p;
    },
    // The descriptor is closed only after the flushes still on the thread pool are done with it.
    close: () => {
      const last = fd;
      fd = undefined;
      void Promise.allSettled([...running])
        .then(() => last)
        .then((n) => n !== undefined && close(n, () => undefined))
        .catch(() => undefined);
    },
  };
}

/** What one item of a batch came to: its value, or the error that rolled back its part alone. */
export type Settled<O> =
  | { readonly ok: true; readonly value: O }
  | { readonly ok: false; readonly error: unknown };

interface Waiting<I, O> {
  readonly input: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit with the flush off the event loop. Items that arrive while the disk is busy are committed
 * together in one transaction (`commit`, written without an fsync of its own) as soon as the previous flush
 * ends, then `sync` makes that transaction durable; only then does any of them resolve. So an answer still means
 * "on disk", the event loop never waits for the disk, and one flush covers every delivery that arrived during
 * the last one. Without `sync` (an in-memory database) items resolve right after their commit.
 */
export function createGroupCommit<I, O>(deps: {
  /** Stores the batch in one transaction; one result per input, in order. Throws when the whole batch failed. */
  readonly commit: (inputs: readonly I[]) => readonly Settled<O>[];
  readonly sync?: (() => Promise<void>) | undefined;
}): (input: I) => Promise<O> {
  const queued: Waiting<I, O>[] = [];
  let scheduled = false;
  let syncing = false;

  const settle = (batch: readonly Waiting<I, O>[], results: readonly Settled<O>[]): void => {
    batch.forEach((item, i) => {
      const r = results[i];
      if (r?.ok) item.resolve(r.value);
      else item.reject(r?.error);
    });
  };

  const flush = (): void => {
    scheduled = false;
    if (syncing || queued.length === 0) return;
    const batch = queued.splice(0);
    let results: readonly Settled<O>[];
    try {
      results = deps.commit(batch.map((b) => b.input));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    const sync = deps.sync;
    if (sync === undefined) {
      settle(batch, results);
      return;
    }
    // A duplicate is answered only once the commit that stored the original is on disk: it waits for this
    // flush too, which starts after every earlier commit.
    syncing = true;
    sync()
      .then(
        () => settle(batch, results),
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => {
        syncing = false;
        if (queued.length > 0) schedule();
      });
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      queued.push({ input, resolve, reject });
      schedule();
    });

  function schedule(): void {
    if (scheduled || syncing) return;
    scheduled = true;
    setImmediate(flush);
  }
}

/**
 * One transaction for a whole batch, in which an item that throws is rolled back alone. A savepoint per item
 * costs two statements each, and an item failing is rare, so the batch first runs without them; only when one
 * throws is the transaction rolled back whole and the batch run again with a savepoint per item (`one` must
 * therefore keep no state outside the database).
 */
export function batchTransaction<I, O>(
  db: Database,
  one: (input: I) => O,
): (batch: readonly I[]) => readonly Settled<O>[] {
  const oneTx = db.transaction(one);
  const each = db.transaction((batch: readonly I[]) =>
    batch.map((item): Settled<O> => {
      try {
        return { ok: true, value: oneTx(item) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  const all = db.transaction((batch: readonly I[]) =>
    batch.map((item): Settled<O> => ({ ok: true, value: one(item) })),
  );
  return (batch) => {
    try {
      return all(batch);
    } catch (error) {
      return batch.length === 1 ? [{ ok: false, error }] : each(batch);
    }
  };
}
