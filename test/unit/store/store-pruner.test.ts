import { describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import type { Store } from "../../../src/store/store.js";
import { createStorePruner, type Every } from "../../../src/store/store-pruner.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const DAY = 86_400_000;
const START = Date.parse("2026-11-01T08:00:00.000Z");

/** A store on an injected clock and a hand-driven schedule. */
function setup() {
  let now = START;
  const clock = () => new Date(now);
  const store = openSqliteStore(":memory:", clock);
  const ticks: { ms: number; task: () => void; stopped: boolean }[] = [];
  const every: Every = (ms, task) => {
    const entry = { ms, task, stopped: false };
    ticks.push(entry);
    return () => {
      entry.stopped = true;
    };
  };
  return { store, clock, every, ticks, advance: (ms: number) => (now += ms) };
}

/** Ingests one alarm "now" (its own episode) and returns its outbox item id. */
async function ingestNow(store: Store, clock: () => Date, name: string): Promise<number> {
  const alarm = makeAlarm({
    name,
    arn: `arn:aws:cloudwatch:us-east-2:123456789012:alarm:${name}`,
    time: clock().toISOString(),
  });
  await store.ingest({ messageId: `m-${name}`, alarm, receivedAt: clock().toISOString() }, (h) =>
    applyNotification(h, alarm, { channel: "#inc" }),
  );
  const due = await store.dueOutbox(new Date(clock().getTime() + 1), 100);
  const item = due.find((d) => d.effect.episodeId.includes(name)) ?? due.at(-1);
  return item?.id ?? -1;
}

const redelivered = async (store: Store, clock: () => Date, name: string) => {
  const alarm = makeAlarm({ name, arn: `arn:aws:cloudwatch:us-east-2:123456789012:alarm:${name}` });
  const outcome = await store.ingest(
    { messageId: `m-${name}`, alarm, receivedAt: clock().toISOString() },
    (h) => applyNotification(h, alarm, { channel: "#inc" }),
  );
  return outcome.status;
};

describe("createStorePruner (SQLite)", () => {
  it("deletes delivered outbox rows and delivery rows past retention, keeps pending and failed rows", async () => {
    const { store, clock, every, advance } = setup();
    const delivered = await ingestNow(store, clock, "old-delivered");
    await store.completeOutbox(delivered, { channel: "C1", ts: "1.1" });
    const failed = await ingestNow(store, clock, "old-failed");
    await store.failOutbox(failed, "channel_not_found");
    await ingestNow(store, clock, "old-pending");
    advance(10 * DAY);
    const recent = await ingestNow(store, clock, "recent-delivered");
    await store.completeOutbox(recent, { channel: "C1", ts: "1.2" });
    advance(5 * DAY);
    const pruner = createStorePruner({ store, clock, logger: silentLogger(), every }, { retentionDays: 14 });

    const pruned = await pruner.pruneOnce();

    expect(pruned).toEqual({ deliveries: 3, outbox: 1 });
    expect(await store.pendingOutboxCount()).toBe(1);
    expect(await redelivered(store, clock, "old-delivered")).toBe("accepted");
    expect(await redelivered(store, clock, "recent-delivered")).toBe("duplicate");
    const again = await pruner.pruneOnce();
    expect(again).toEqual({ deliveries: 0, outbox: 0 });
  });

  it("prunes at start and then every hour on the injected schedule, in batches", async () => {
    const { store, clock, every, ticks, advance } = setup();
    for (let i = 0; i < 7; i++) {
      const id = await ingestNow(store, clock, `a${i}`);
      await store.completeOutbox(id, { channel: "C1", ts: `1.${i}` });
    }
    const counts: number[] = [];
    const pruner = createStorePruner(
      {
        store: {
          prune: async (before, limit) => {
            const result = await store.prune?.(before, limit);
            counts.push((result?.deliveries ?? 0) + (result?.outbox ?? 0));
            return result ?? { deliveries: 0, outbox: 0 };
          },
        },
        clock,
        logger: silentLogger(),
        every,
      },
      { retentionDays: 1, batchSize: 3 },
    );

    pruner.start();
    await pruner.pruneOnce();
    const atStart = [...counts];
    advance(2 * DAY);
    ticks[0]?.task();
    await pruner.pruneOnce();
    await pruner.stop();

    expect(ticks.map((t) => [t.ms, t.stopped])).toEqual([[3_600_000, true]]);
    expect(atStart).toEqual([0]);
    // 7 delivery rows and 7 delivered outbox rows, three of each per batch.
    expect(counts.slice(1)).toEqual([6, 6, 2]);
  });

  it("does nothing for a store without prune (DynamoDB expires by TTL)", async () => {
    const { clock, every } = setup();
    const pruner = createStorePruner(
      { store: {}, clock, logger: silentLogger(), every },
      { retentionDays: 14 },
    );

    expect(await pruner.pruneOnce()).toEqual({ deliveries: 0, outbox: 0 });
  });
});
