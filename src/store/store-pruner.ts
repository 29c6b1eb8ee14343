import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { PruneCounts, Store } from "./store.js";

/** Runs `task` every `ms`; returns how to stop it. Injected so tests drive the schedule themselves. */
export type Every = (ms: number, task: () => void) => () => void;

const defaultEvery: Every = (ms, task) => {
  const timer = setInterval(task, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export interface StorePrunerDeps {
  readonly store: Pick<Store, "prune">;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly every?: Every;
}

export interface StorePrunerOptions {
  /** Rows older than this many days are deleted (`store.retentionDays`). */
  readonly retentionDays: number;
  /** Default one hour. */
  readonly intervalMs?: number;
  /** Rows deleted per statement; the loop yields between batches so a large backlog never stalls the event loop. */
  readonly batchSize?: number;
}

export interface StorePruner {
  /** Prunes now, then every `intervalMs`. */
  start(): void;
  /** Stops the schedule and waits for a pass in progress. */
  stop(): Promise<void>;
  /** One full pass (all batches); resolves to the rows deleted. */
  pruneOnce(): Promise<PruneCounts>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps the store from growing without bound: at start and then hourly it deletes delivered outbox rows and
 * delivery (dedupe) rows older than `retentionDays`, in small batches. Pending outbox rows and rows that failed
 * for the operator stay, whatever their age. A store without `prune` (DynamoDB, which uses TTL and deletes
 * delivered outbox items) makes this a no-op.
 */
export function createStorePruner(deps: StorePrunerDeps, options: StorePrunerOptions): StorePruner {
  const intervalMs = options.intervalMs ?? 3_600_000;
  const batchSize = options.batchSize ?? 500;
  const every = deps.every ?? defaultEvery;
  let cancel: (() => void) | undefined;
  let running: Promise<PruneCounts> | undefined;

  const pass = async (): Promise<PruneCounts> => {
    const prune = deps.store.prune;
    if (prune === undefined) return { deliveries: 0, outbox: 0 };
    const before = new Date(deps.clock().getTime() - options.retentionDays * 86_400_000);
    let deliveries = 0;
    let outbox = 0;
    for (;;) {
      const batch = await prune.call(deps.store, before, batchSize);
      deliveries += batch.deliveries;
      outbox += batch.outbox;
      if (batch.deliveries < batchSize && batch.outbox < batchSize) break;
      await yieldToEventLoop();
    }
    if (deliveries + outbox > 0) {
      deps.logger.info(
        { deliveries, outbox, before: before.toISOString() },
        `pruned store rows older than ${options.retentionDays} days (store.retentionDays)`,
      );
    }
    return { deliveries, outbox };
  };

  const pruneOnce = (): Promise<PruneCounts> => {
    // One pass at a time: a slow pass and the next tick must not interleave their batches.
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const tick = () => {
    pruneOnce().catch((error: unknown) =>
      deps.logger.warn({ err: error }, "pruning old store rows failed; retrying at the next interval"),
    );
  };

  return {
    start() {
      if (cancel !== undefined) return;
      cancel = every(intervalMs, tick);
      tick();
    },
    async stop() {
      cancel?.();
      cancel = undefined;
      await running?.catch(() => undefined);
    },
    pruneOnce,
  };
}
