import { randomUUID } from "node:crypto";
import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { alarmKey } from "../alarms/alarm.js";
import type { AlarmHistory } from "../incidents/alarm-history.js";
import type { Decision } from "../incidents/decision.js";
import type { Episode } from "../incidents/episode.js";
import { keyItem, keys, n, readN, readS, s } from "./dynamodb-attributes.js";
import { type IncidentRead, incidentWrites, readIncidentHistory } from "./dynamodb-incidents.js";
import {
  type AlarmStateRow,
  allocateOutboxIds,
  type DynamoContext,
  episodeWrites,
  jitter,
  loadAlarmState,
  loadEpisode,
  putAlarmState,
  putNewChecklists,
  putOutboxItems,
  type Versioned,
} from "./dynamodb-writes.js";
import { StoreConflictError } from "./errors.js";
import type { IncomingNotification, IngestOutcome } from "./store.js";

const STATUS = { "#status": "status", "#token": "leaseToken" };

/**
 * Ingests one delivery exactly once across replicas. A conditional put claims the message id with a lease;
 * the episode, alarm state, checklists, outbox rows and "delivery done" are then written in one transaction
 * guarded by the alarm state's version (re-read and retried on conflict). A delivery another replica holds
 * under an unexpired lease throws `StoreConflictError` so SNS retries later; an expired lease is taken over.
 */
export async function ingestDynamo(
  ctx: DynamoContext,
  input: IncomingNotification,
  decide: (history: AlarmHistory) => Decision,
): Promise<IngestOutcome> {
  const token = `${ctx.owner}:${randomUUID()}`;
  const taken = await takeDeliveryLease(ctx, input, token);
  if (taken !== "taken") return taken;
  try {
    for (let attempt = 0; attempt < ctx.maxAttempts; attempt++) {
      const outcome = await tryIngest(ctx, input, decide, token);
      if (outcome !== "retry") return outcome;
      await jitter(attempt);
    }
  } catch (error) {
    await releaseDeliveryLease(ctx, input.messageId, token);
    throw error;
  }
  await releaseDeliveryLease(ctx, input.messageId, token);
  throw new StoreConflictError(
    `Alarm ${alarmKey(input.alarm)} kept changing under concurrent writers; message ${input.messageId} was not applied and will be retried.`,
  );
}

async function takeDeliveryLease(
  ctx: DynamoContext,
  input: IncomingNotification,
  token: string,
): Promise<"taken" | IngestOutcome> {
  const now = ctx.clock().getTime();
  const key = keys.delivery(input.messageId);
  const put = await ctx.ops.put(
    {
      ...keyItem(key),
      status: s("in_progress"),
      owner: s(ctx.owner),
      leaseToken: s(token),
      leaseUntil: n(now + ctx.leaseMs),
      expiresAt: n(Math.floor(now / 1000) + ctx.dedupeTtlSeconds),
      alarmKey: s(alarmKey(input.alarm)),
      receivedAt: s(input.receivedAt),
    },
    {
      ConditionExpression: "attribute_not_exists(pk) OR (#status = :inProgress AND leaseUntil <= :now)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":inProgress": s("in_progress"), ":now": n(now) },
    },
  );
  if (put) return "taken";
  return deliveryHeldElsewhere(ctx, input.messageId);
}

async function deliveryHeldElsewhere(ctx: DynamoContext, messageId: string): Promise<IngestOutcome> {
  const existing = await ctx.ops.get(keys.delivery(messageId));
  if (readS(existing, "status") === "done") return { status: "duplicate" };
  const until = readN(existing, "leaseUntil");
  throw new StoreConflictError(
    `Message ${messageId} is being processed by replica ${readS(existing, "owner") ?? "unknown"}` +
      (until === undefined ? "" : ` (lease until ${new Date(until).toISOString()})`) +
      "; answer 5xx so SNS delivers it again.",
  );
}

async function releaseDeliveryLease(ctx: DynamoContext, messageId: string, token: string): Promise<void> {
  // Best effort: if this fails the lease simply expires and a redelivery takes it over.
  await ctx.ops
    .remove(keys.delivery(messageId), {
      ConditionExpression: "#status = :inProgress AND #token = :token",
      ExpressionAttributeNames: STATUS,
      ExpressionAttributeValues: { ":inProgress": s("in_progress"), ":token": s(token) },
    })
    .catch(() => undefined);
}

async function tryIngest(
  ctx: DynamoContext,
  input: IncomingNotification,
  decide: (history: AlarmHistory) => Decision,
  token: string,
): Promise<IngestOutcome | "retry"> {
  const key = alarmKey(input.alarm);
  const state = await loadAlarmState(ctx, key);
  const open = state.value?.openEpisodeId ? await loadEpisode(ctx, state.value.openEpisodeId) : undefined;
  const read = await readIncidentHistory(ctx, input, state.value, open?.value);
  const decision = decide({
    ...read.history,
    ...(open && { openEpisode: open.value }),
    ...(state.value && { lastStateTime: state.value.lastStateTime }),
  });
  const nowIso = input.receivedAt;
  const items: TransactWriteItem[] = [markDeliveryDone(ctx, input.messageId, token, nowIso)];
  const e = decision.episode;
  const flips = decision.flips ?? state.value?.flips;
  if (e) {
    const version = await episodeVersion(ctx, e.id, open, read);
    items.push(...episodeWrites(ctx, e, version, nowIso));
    const next: AlarmStateRow = {
      lastStateTime: e.alarm.time,
      lastEpisodeId: e.id,
      ...(e.status !== "resolved" && { openEpisodeId: e.id }),
      ...(flips && { flips }),
    };
    items.push(putAlarmState(ctx, e.alarmKey, next, state.version));
  } else if (!decision.ignored?.startsWith("stale")) {
    const { openEpisodeId: openId, lastEpisodeId } = state.value ?? {};
    const next: AlarmStateRow = {
      lastStateTime: input.alarm.time,
      ...(openId !== undefined && { openEpisodeId: openId }),
      ...(lastEpisodeId !== undefined && { lastEpisodeId }),
      ...(flips && { flips }),
    };
    items.push(putAlarmState(ctx, key, next, state.version));
  }
  items.push(...incidentWrites(ctx, decision, input, read));
  items.push(...(await putNewChecklists(ctx, decision, nowIso)));
  const ids = await allocateOutboxIds(ctx, decision.effects.length);
  items.push(...putOutboxItems(ctx, decision.effects, ids, nowIso));

  const result = await ctx.ops.transact(items);
  if (result.ok) return { status: "accepted", decision };
  // The delivery is item 0: its condition failing means our lease expired and another replica took over.
  if (result.reasons[0] === "ConditionalCheckFailed") return deliveryHeldElsewhere(ctx, input.messageId);
  return "retry";
}

/** The version the episode's write must match: known for the open or reopened episode, else read (0 = new). */
async function episodeVersion(
  ctx: DynamoContext,
  id: string,
  open: Versioned<Episode> | undefined,
  read: IncidentRead,
): Promise<number> {
  if (id === open?.value.id) return open.version;
  if (id === read.lastEpisode?.value.id) return read.lastEpisode.version;
  return (await loadEpisode(ctx, id))?.version ?? 0;
}

function markDeliveryDone(
  ctx: DynamoContext,
  messageId: string,
  token: string,
  nowIso: string,
): TransactWriteItem {
  return {
    Update: {
      TableName: ctx.ops.tableName,
      Key: keyItem(keys.delivery(messageId)),
      UpdateExpression: "SET #status = :done, completedAt = :now REMOVE leaseUntil",
      ConditionExpression: "#status = :inProgress AND #token = :token",
      ExpressionAttributeNames: STATUS,
      ExpressionAttributeValues: {
        ":done": s("done"),
        ":now": s(nowIso),
        ":inProgress": s("in_progress"),
        ":token": s(token),
      },
    },
  };
}

/**
 * Applies `change` to an episode outside ingest (acknowledge, resolve) and enqueues its effects, atomically and
 * guarded by the episode's version. The alarm's open-episode pointer follows only when it points at this episode,
 * so acting on an old episode never disturbs the current one.
 */
export async function updateEpisodeDynamo(
  ctx: DynamoContext,
  id: string,
  change: (e: Episode) => Decision | undefined,
): Promise<Episode | undefined> {
  for (let attempt = 0; attempt < ctx.maxAttempts; attempt++) {
    const current = await loadEpisode(ctx, id);
    if (!current) return undefined;
    const decision = change(current.value);
    if (!decision) return current.value;
    const nowIso = ctx.clock().toISOString();
    const target = decision.episode ?? current.value;
    const version = target.id === id ? current.version : ((await loadEpisode(ctx, target.id))?.version ?? 0);
    const items: TransactWriteItem[] = episodeWrites(ctx, target, version, nowIso);
    if (decision.episode) {
      const state = await loadAlarmState(ctx, target.alarmKey);
      if (state.value?.openEpisodeId === target.id) {
        const { openEpisodeId: _open, ...kept } = state.value;
        const next: AlarmStateRow = {
          ...kept,
          ...(target.status !== "resolved" && { openEpisodeId: target.id }),
        };
        items.push(putAlarmState(ctx, target.alarmKey, next, state.version));
      }
    }
    items.push(...(await putNewChecklists(ctx, decision, nowIso)));
    const ids = await allocateOutboxIds(ctx, decision.effects.length);
    items.push(...putOutboxItems(ctx, decision.effects, ids, nowIso));
    if ((await ctx.ops.transact(items)).ok) return target;
    await jitter(attempt);
  }
  throw new StoreConflictError(`Episode ${id} kept changing under concurrent writers; try the action again.`);
}
