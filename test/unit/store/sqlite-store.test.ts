import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import { openSqliteDatabase } from "../../../src/store/open-sqlite-database.js";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import type { Store } from "../../../src/store/store.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const route = { channel: "#inc" };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-store-"));
  dirs.push(dir);
  return join(dir, "nested", "klaxon.db");
}

async function ingest(store: Store, messageId: string, alarm = makeAlarm()) {
  return store.ingest({ messageId, alarm, receivedAt: alarm.time }, (h) =>
    applyNotification(h, alarm, route),
  );
}

describe("openSqliteStore", () => {
  it("stores a new alarm with its effect and recognises the redelivery of the same message id", async () => {
    const store = openSqliteStore(":memory:");
    const first = await ingest(store, "m-1");
    const again = await ingest(store, "m-1");
    expect(first.status).toBe("accepted");
    expect(again.status).toBe("duplicate");
    expect(await store.pendingOutboxCount()).toBe(1);
  });

  it("stores deliveries that arrive together in one commit, rolling back only the one that fails", async () => {
    // Prepare
    const path = tempDb();
    const store = openSqliteStore(path);
    const alarm = (name: string) => makeAlarm({ name, arn: `arn:aws:cloudwatch:us-east-2:1:alarm:${name}` });
    const failing = store.ingest(
      { messageId: "m-bad", alarm: alarm("b"), receivedAt: alarm("b").time },
      () => {
        throw new Error("decide failed");
      },
    );
    // Act
    const results = await Promise.allSettled([
      ingest(store, "m-a", alarm("a")),
      failing,
      ingest(store, "m-a", alarm("a")),
      ingest(store, "m-c", alarm("c")),
    ]);
    // Assess
    expect(results.map((r) => (r.status === "fulfilled" ? r.value.status : "rejected"))).toEqual([
      "accepted",
      "rejected",
      "duplicate",
      "accepted",
    ]);
    expect(await store.pendingOutboxCount()).toBe(2);
    const db = openSqliteDatabase(path, { readonly: true });
    const stored = db.prepare("SELECT message_id FROM deliveries ORDER BY message_id").all();
    db.close();
    expect(stored).toEqual([{ message_id: "m-a" }, { message_id: "m-c" }]);
    expect((await ingest(store, "m-bad", alarm("b"))).status).toBe("accepted");
  });

  it("answers an ingest only after the write-ahead log holding it is flushed to disk", async () => {
    // Prepare: a flush that finishes only when the test says so.
    const path = tempDb();
    const flushes: { path: string; done: () => void }[] = [];
    const store = openSqliteStore(path, undefined, {
      syncFile: (file) => new Promise<void>((resolve) => flushes.push({ path: file, done: resolve })),
    });
    let answered = false;
    // Act
    const pending = ingest(store, "m-1").then((outcome) => {
      answered = true;
      return outcome;
    });
    while (flushes.length === 0) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const answeredBeforeFlush = answered;
    flushes[0]?.done();
    // Assess
    expect(answeredBeforeFlush).toBe(false);
    expect(flushes.map((f) => f.path)).toEqual([`${path}-wal`]);
    expect((await pending).status).toBe("accepted");
    await store.close();
  });

  it("fails every delivery of a batch whose flush to disk fails, so SNS delivers them again", async () => {
    // Prepare
    const path = tempDb();
    let fail = true;
    const store = openSqliteStore(path, undefined, {
      syncFile: async () => {
        if (fail) throw new Error("EIO: i/o error, fsync");
      },
    });
    const alarm = (name: string) => makeAlarm({ name, arn: `arn:aws:cloudwatch:us-east-2:1:alarm:${name}` });
    // Act
    const results = await Promise.allSettled([
      ingest(store, "m-a", alarm("a")),
      ingest(store, "m-b", alarm("b")),
    ]);
    fail = false;
    const again = await ingest(store, "m-a", alarm("a"));
    // Assess
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(again.status).toBe("duplicate");
    await store.close();
  });

  it("stores deliveries that arrive during a flush together in the next commit, after that flush", async () => {
    // Prepare
    const path = tempDb();
    const flushes: (() => void)[] = [];
    const store = openSqliteStore(path, undefined, {
      syncFile: () => new Promise<void>((resolve) => flushes.push(resolve)),
    });
    const alarm = (name: string) => makeAlarm({ name, arn: `arn:aws:cloudwatch:us-east-2:1:alarm:${name}` });
    const first = ingest(store, "m-a", alarm("a"));
    while (flushes.length === 0) await new Promise((r) => setImmediate(r));
    // Act: two more arrive while the first flush is still on the disk.
    const later = [ingest(store, "m-b", alarm("b")), ingest(store, "m-c", alarm("c"))];
    await new Promise((r) => setImmediate(r));
    const flushesDuringFirst = flushes.length;
    flushes[0]?.();
    await first;
    while (flushes.length === 1) await new Promise((r) => setImmediate(r));
    flushes[1]?.();
    const outcomes = await Promise.all(later);
    // Assess
    expect(flushesDuringFirst).toBe(1);
    expect(flushes).toHaveLength(2);
    expect(outcomes.map((o) => o.status)).toEqual(["accepted", "accepted"]);
    await store.close();
  });

  it("hands out only the oldest pending item of each episode so a thread stays in order", async () => {
    const store = openSqliteStore(":memory:");
    await ingest(store, "m-1");
    await ingest(store, "m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));
    const due = await store.dueOutbox(new Date("2026-11-20T10:11:00Z"), 10);
    expect(due.map((d) => d.effect.kind)).toEqual(["post_root"]);
    await store.completeOutbox(due[0]?.id ?? -1, { channel: "C1", ts: "1.0001" });
    const next = await store.dueOutbox(new Date("2026-11-20T10:11:00Z"), 10);
    expect(next.map((d) => d.effect.kind)).toEqual(["update_root"]);
  });

  it("records the delivered root message on the episode", async () => {
    const store = openSqliteStore(":memory:");
    const outcome = await ingest(store, "m-1");
    const [item] = await store.dueOutbox(new Date(), 10);
    await store.completeOutbox(item?.id ?? -1, { channel: "C42", ts: "1700000000.000100" });
    const id = outcome.status === "accepted" ? (outcome.decision.episode?.id ?? "") : "";
    expect(await store.getEpisode(id)).toMatchObject({ slackChannel: "C42", slackTs: "1700000000.000100" });
  });

  it("holds a retried item back until its next attempt time", async () => {
    const store = openSqliteStore(":memory:");
    await ingest(store, "m-1");
    const [item] = await store.dueOutbox(new Date("2026-11-20T10:00:00Z"), 10);
    await store.retryOutbox(item?.id ?? -1, "ratelimited", new Date("2026-11-20T10:00:30Z"));
    expect(await store.dueOutbox(new Date("2026-11-20T10:00:29Z"), 10)).toEqual([]);
    const later = await store.dueOutbox(new Date("2026-11-20T10:00:30Z"), 10);
    expect(later[0]).toMatchObject({ attempts: 1, lastError: "ratelimited" });
  });

  it("adds the outbox's first-attempt column to a database written by an older klaxon, keeping its items", async () => {
    // Prepare: an outbox table as released before the column existed, with one pending item.
    const path = tempDb();
    const first = openSqliteStore(path);
    await ingest(first, "m-1");
    await first.close();
    const old = openSqliteDatabase(path);
    old.exec("ALTER TABLE outbox DROP COLUMN first_attempt_at");
    old.close();

    // Act
    const store = openSqliteStore(path);
    const [item] = await store.dueOutbox(new Date("2026-11-20T10:30:00Z"), 10);
    await store.holdOutbox(item?.id ?? -1, { attemptAt: new Date("2026-11-20T10:30:01Z") });
    const [again] = await store.dueOutbox(new Date("2026-11-20T10:30:00Z"), 10);

    // Assess
    expect(item?.effect.kind).toBe("post_root");
    expect(again?.firstAttemptAt).toBe("2026-11-20T10:30:01.000Z");
    await store.close();
  });

  it("adds the outbox's channel column to an older database; its rows share the batch as one channel", async () => {
    // Prepare: an outbox as released before the column existed, with two pending items.
    const path = tempDb();
    const first = openSqliteStore(path);
    await ingest(first, "m-1");
    await ingest(first, "m-2", makeAlarm({ name: "db", arn: "arn:aws:cloudwatch:us-east-2:1:alarm:db" }));
    await first.close();
    const old = openSqliteDatabase(path);
    old.exec("DROP INDEX outbox_pending_by_channel");
    old.exec("ALTER TABLE outbox DROP COLUMN channel");
    old.close();

    // Act
    const store = openSqliteStore(path);
    await ingest(store, "m-3", makeAlarm({ name: "web", arn: "arn:aws:cloudwatch:us-east-2:1:alarm:web" }));
    const shared = await store.dueOutbox(new Date("2026-11-20T10:30:00Z"), 10, 1);
    const all = await store.dueOutbox(new Date("2026-11-20T10:30:00Z"), 10);

    // Assess: one old row (the older group) and the new row of #inc.
    expect(all).toHaveLength(3);
    expect(shared.map((i) => i.id)).toEqual([all[0]?.id, all[2]?.id]);
    await store.close();
  });

  it("keeps alarms, episodes and pending effects across a reopen of the same file", async () => {
    const path = tempDb();
    const a = openSqliteStore(path);
    await ingest(a, "m-1");
    await a.close();
    const b = openSqliteStore(path);
    expect(await b.pendingOutboxCount()).toBe(1);
    expect((await ingest(b, "m-1")).status).toBe("duplicate");
    await b.close();
  });

  it("does not let a stale delivery move the alarm's state backwards", async () => {
    const store = openSqliteStore(":memory:");
    await ingest(store, "m-1");
    await ingest(store, "m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));
    const late = await ingest(store, "m-0", makeAlarm({ time: "2026-11-20T09:59:00.000Z" }));
    expect(late.status === "accepted" && late.decision.ignored).toMatch(/^stale/);
    expect(await store.pendingOutboxCount()).toBe(3);
  });
});
