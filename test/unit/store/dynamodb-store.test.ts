import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import type { AlarmHistory } from "../../../src/incidents/alarm-history.js";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import { createDynamoDbStore, ensureDynamoDbTable } from "../../../src/store/dynamodb-store.js";
import { mapDynamoError } from "../../../src/store/dynamodb-table-ops.js";
import {
  StoreAccessDeniedError,
  StoreConflictError,
  StoreTableMissingError,
  StoreUnavailableError,
} from "../../../src/store/errors.js";
import type { IngestOutcome, Store } from "../../../src/store/store.js";
import { type DynaliteServer, startDynalite } from "../../fakes/dynalite-server.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const route = { channel: "#inc" };
const T0 = Date.parse("2026-11-20T10:30:00Z");
const LEASE = 30_000;
let dynamo: DynaliteServer;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

/** Two replicas on one fresh table, sharing a settable clock. */
async function replicas() {
  const tableName = `klaxon-replicas-${++tables}`;
  const client = dynamo.client();
  await ensureDynamoDbTable(client, tableName);
  const time = { now: T0 };
  const clock = () => new Date(time.now);
  const make = (owner: string) =>
    createDynamoDbStore({ client: dynamo.client(), tableName, clock, owner }, { leaseMs: LEASE });
  return { a: make("replica-a"), b: make("replica-b"), time, client, tableName };
}

/** A client whose first TransactWriteItems waits until `resume`, as if the replica stalled before committing. */
function stallTransactions() {
  let resume: () => void = () => undefined;
  let reachedNow: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    resume = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    reachedNow = resolve;
  });
  const client = dynamo.client();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "TransactWriteItemsCommand") {
        reachedNow();
        await gate;
      }
      return next(args);
    },
    // Runs before the fake's global lock, so the stalled replica does not block the other one.
    { step: "initialize", priority: "high", name: "stallTransactions" },
  );
  return { client, reached, resume: () => resume() };
}

const alarmNo = (i: number, overrides: Partial<Alarm> = {}) =>
  makeAlarm({
    name: `alarm-${i}`,
    arn: `arn:aws:cloudwatch:us-east-2:123456789012:alarm:alarm-${i}`,
    ...overrides,
  });

function ingest(
  store: Store,
  messageId: string,
  alarm: Alarm,
  decide = (h: AlarmHistory) => applyNotification(h, alarm, route),
) {
  return store.ingest({ messageId, alarm, receivedAt: alarm.time }, decide);
}

const settle = (p: Promise<IngestOutcome>) =>
  p.then(
    (o) => o.status,
    (e: unknown) => (e instanceof StoreConflictError ? "conflict" : "error"),
  );

describe("createDynamoDbStore with several replicas", () => {
  it("accepts each of 20 messages exactly once when two replicas receive every one at the same time", async () => {
    const { a, b } = await replicas();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const alarm = alarmNo(i);
        return Promise.all([settle(ingest(a, `m-${i}`, alarm)), settle(ingest(b, `m-${i}`, alarm))]);
      }),
    );
    for (const pair of outcomes) {
      expect(pair.filter((s) => s === "accepted")).toHaveLength(1);
      expect(pair.filter((s) => s === "error")).toHaveLength(0);
    }
    expect(await a.pendingOutboxCount()).toBe(20);
    const redelivered = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ingest(b, `m-${i}`, alarmNo(i))),
    );
    expect(redelivered.every((o) => o.status === "duplicate")).toBe(true);
  });

  it("serialises concurrent notifications of one alarm: one root post, every ALARM counted", async () => {
    const { a, b } = await replicas();
    const alarm = alarmNo(1);
    await Promise.all(Array.from({ length: 10 }, (_, i) => ingest(i % 2 === 0 ? a : b, `m-${i}`, alarm)));
    const due: string[] = [];
    for (let round = 0; round < 10; round++) {
      const [item] = await a.dueOutbox(new Date(T0), 10);
      if (!item) break;
      due.push(item.effect.kind);
      await a.completeOutbox(item.id, { channel: "C1", ts: "1.1" });
    }
    expect(due).toEqual(["post_root", ...Array.from({ length: 9 }, () => "update_root")]);
    expect(await b.getEpisode(`${alarm.arn}#${alarm.time}`)).toMatchObject({
      alarmCount: 10,
      slackTs: "1.1",
    });
  });

  it("never hands the same outbox item to two replicas polling at the same time", async () => {
    const { a, b } = await replicas();
    for (let i = 0; i < 20; i++) await ingest(a, `m-${i}`, alarmNo(i));
    const [fromA, fromB] = await Promise.all([
      a.dueOutbox(new Date(T0), 100),
      b.dueOutbox(new Date(T0), 100),
    ]);
    const ids = [...fromA, ...fromB].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(20);
  });

  it("lets another replica take an item only once the claim has expired", async () => {
    const { a, b } = await replicas();
    await ingest(a, "m-1", alarmNo(1));
    const [claimed] = await a.dueOutbox(new Date(T0), 10);
    const whileClaimed = await b.dueOutbox(new Date(T0 + LEASE - 1), 10);
    const afterExpiry = await b.dueOutbox(new Date(T0 + LEASE), 10);
    expect(claimed).toBeDefined();
    expect(whileClaimed).toEqual([]);
    expect(afterExpiry.map((item) => item.id)).toEqual([claimed?.id]);
  });

  it("releases the claim on retry so another replica sends the next attempt", async () => {
    const { a, b } = await replicas();
    await ingest(a, "m-1", alarmNo(1));
    const [item] = await a.dueOutbox(new Date(T0), 10);
    await a.retryOutbox(item?.id ?? -1, "ratelimited", new Date(T0 + 1000));
    expect((await b.dueOutbox(new Date(T0 + 1000), 10)).map((i) => i.id)).toEqual([item?.id]);
  });

  it("keeps a claim alive while its holder renews it before each Slack call", async () => {
    // Prepare
    const { a, b, time } = await replicas();
    await ingest(a, "m-1", alarmNo(1));
    const [item] = await a.dueOutbox(new Date(T0), 10);

    // Act: A renews just before its lease runs out, B polls after the first lease would have expired.
    time.now = T0 + LEASE - 1;
    const held = await a.holdOutbox(item?.id ?? -1, { claim: item?.claim ?? -1 });
    const forB = await b.dueOutbox(new Date(T0 + LEASE + 1), 10);

    // Assess
    expect(held).toBe(true);
    expect(forB).toEqual([]);
  });

  it("fences a replica whose claim was taken over: it can neither renew, complete, retry nor record the ts", async () => {
    // Prepare
    const { a, b, time } = await replicas();
    const outcome = await ingest(a, "m-1", alarmNo(1));
    const episodeId = outcome.status === "accepted" ? (outcome.decision.episode?.id ?? "") : "";
    const [stale] = await a.dueOutbox(new Date(T0), 10);
    time.now = T0 + LEASE;
    const [taken] = await b.dueOutbox(new Date(T0 + LEASE), 10);
    const staleFence = { claim: stale?.claim ?? -1 };

    // Act
    const renewed = await a.holdOutbox(stale?.id ?? -1, staleFence);
    const completed = await a.completeOutbox(stale?.id ?? -1, { channel: "C1", ts: "1.0001" }, staleFence);
    await a.retryOutbox(stale?.id ?? -1, "late", new Date(T0 + LEASE), staleFence);
    await a.failOutbox(stale?.id ?? -1, "late", staleFence);
    const episodeAfterStale = await a.getEpisode(episodeId);
    const byOwner = await b.completeOutbox(
      taken?.id ?? -1,
      { channel: "C1", ts: "1.0002" },
      { claim: taken?.claim ?? -1 },
    );

    // Assess
    expect(taken?.id).toBe(stale?.id);
    expect(taken?.claim).toBeGreaterThan(stale?.claim ?? 0);
    expect([renewed, completed]).toEqual([false, false]);
    expect(episodeAfterStale?.slackTs).toBeUndefined();
    expect(byOwner).toBe(true);
    expect(await a.getEpisode(episodeId)).toMatchObject({ slackTs: "1.0002" });
    expect(await a.pendingOutboxCount()).toBe(0);
  });

  it("refuses a delivery another replica is processing, takes it over once the lease expired, applies it once", async () => {
    const { b, time, tableName } = await replicas();
    const stalled = stallTransactions();
    const a = createDynamoDbStore(
      { client: stalled.client, tableName, clock: () => new Date(time.now), owner: "replica-a" },
      { leaseMs: LEASE },
    );
    const alarm = alarmNo(1);
    const slowA = ingest(a, "m-1", alarm);
    await stalled.reached;
    time.now = T0 + LEASE - 1;
    const refused = ingest(b, "m-1", alarm);
    await expect(refused).rejects.toBeInstanceOf(StoreConflictError);
    await expect(refused).rejects.toMatchObject({ code: "store_conflict", retryable: true });
    time.now = T0 + LEASE;
    const takenOver = await ingest(b, "m-1", alarm);
    stalled.resume();
    expect(takenOver.status).toBe("accepted");
    expect(await slowA).toEqual({ status: "duplicate" });
    expect(await b.pendingOutboxCount()).toBe(1);
  });

  it("writes the dedupe record with a TTL of dedupeTtlDays", async () => {
    const { a, client, tableName } = await replicas();
    await ingest(a, "m-ttl", alarmNo(1));
    const out = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: "delivery#m-ttl" }, sk: { S: "delivery" } },
      }),
    );
    expect(out.Item?.status).toEqual({ S: "done" });
    expect(Number(out.Item?.expiresAt?.N)).toBe(Math.floor(T0 / 1000) + 14 * 86_400);
  });
});

describe("createDynamoDbStore errors", () => {
  it("names the table and KLAXON_DYNAMODB_TABLE when the table does not exist, and is not ready", async () => {
    const store = createDynamoDbStore({
      client: dynamo.client(),
      tableName: "no-such-table",
      clock: () => new Date(T0),
    });
    const failure = store.getEpisode("x");
    await expect(failure).rejects.toBeInstanceOf(StoreTableMissingError);
    await expect(failure).rejects.toThrow(/no-such-table.*KLAXON_DYNAMODB_TABLE/);
    expect(await store.ping()).toBe(false);
  });

  it("maps refused credentials to an IAM hint and other failures to a retryable unavailable error", () => {
    const denied = Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException" });
    const throttled = Object.assign(new Error("slow down"), {
      name: "ProvisionedThroughputExceededException",
    });
    const mappedDenied = mapDynamoError(denied, "klaxon");
    const mappedThrottled = mapDynamoError(throttled, "klaxon");
    expect(mappedDenied).toBeInstanceOf(StoreAccessDeniedError);
    expect(mappedDenied.message).toMatch(/dynamodb:TransactWriteItems/);
    expect(mappedDenied.retryable).toBe(false);
    expect(mappedThrottled).toBeInstanceOf(StoreUnavailableError);
    expect(mappedThrottled.retryable).toBe(true);
  });

  it("creates the table idempotently", async () => {
    const client = dynamo.client();
    await ensureDynamoDbTable(client, "klaxon-twice");
    await expect(ensureDynamoDbTable(client, "klaxon-twice")).resolves.toBeUndefined();
  });
});
