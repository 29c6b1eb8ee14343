import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import type { Decision } from "../incidents/decision.js";
import type { Effect } from "../incidents/effects.js";
import type { Episode, Transition } from "../incidents/episode.js";
import { awaitsEscalation } from "../incidents/escalation.js";
import type { Clock } from "../shared/clock.js";
import {
  type Item,
  type ItemKey,
  keyItem,
  keys,
  n,
  readJson,
  readN,
  readS,
  s,
} from "./dynamodb-attributes.js";
import { episodeIndexWrites } from "./dynamodb-episode-index.js";
import type { TableOps } from "./dynamodb-table-ops.js";
import { encodeEffect } from "./effect-json.js";

/** Everything the DynamoDB store's parts share. */
export interface DynamoContext {
  readonly ops: TableOps;
  readonly clock: Clock;
  /** This replica's id, recorded on leases and claims. */
  readonly owner: string;
  readonly leaseMs: number;
  readonly dedupeTtlSeconds: number;
  readonly maxAttempts: number;
}

/** An item read together with the version its conditional write must match (0 = the item does not exist). */
export interface Versioned<T> {
  readonly value: T;
  readonly version: number;
}

/** Per-alarm state: the newest applied state time and the open episode, guarded by a version. */
export interface AlarmStateRow {
  readonly lastStateTime: string;
  readonly openEpisodeId?: string;
  /** The alarm's newest episode (open or closed), for reopening. */
  readonly lastEpisodeId?: string;
  /** The alarm's recent state changes, for flapping detection. */
  readonly flips?: readonly Transition[];
}

/** Reads an episode with its version. */
export async function loadEpisode(ctx: DynamoContext, id: string): Promise<Versioned<Episode> | undefined> {
  const item = await ctx.ops.get(keys.episode(id));
  const episode = readJson<Episode>(item);
  return episode ? { value: episode, version: readN(item, "version") ?? 0 } : undefined;
}

/** Reads an alarm's state with its version (version 0 when the alarm was never seen). */
export async function loadAlarmState(
  ctx: DynamoContext,
  alarmKey: string,
): Promise<Versioned<AlarmStateRow | undefined>> {
  const item = await ctx.ops.get(keys.alarmState(alarmKey));
  const lastStateTime = readS(item, "lastStateTime");
  if (!item || lastStateTime === undefined) return { value: undefined, version: 0 };
  const openEpisodeId = readS(item, "openEpisodeId");
  const lastEpisodeId = readS(item, "lastEpisodeId");
  const flips = readJson<Transition[]>(item, "flips");
  return {
    value: {
      lastStateTime,
      ...(openEpisodeId !== undefined && { openEpisodeId }),
      ...(lastEpisodeId !== undefined && { lastEpisodeId }),
      ...(flips && { flips }),
    },
    version: readN(item, "version") ?? 0,
  };
}

/** The condition that makes a write fail when someone else wrote the item since we read it. */
export function versionCondition(version: number): {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
} {
  if (version === 0) return { ConditionExpression: "attribute_not_exists(pk)" };
  return {
    ConditionExpression: "#version = :expectedVersion",
    ExpressionAttributeNames: { "#version": "version" },
    ExpressionAttributeValues: { ":expectedVersion": n(version) },
  };
}

function withKey(key: ItemKey, attrs: Item): Item {
  return { ...keyItem(key), ...attrs };
}

/** A versioned put of an episode. */
export function putEpisode(
  ctx: DynamoContext,
  episode: Episode,
  version: number,
  nowIso: string,
): TransactWriteItem {
  return {
    Put: {
      TableName: ctx.ops.tableName,
      Item: withKey(keys.episode(episode.id), {
        body: s(JSON.stringify(episode)),
        status: s(episode.status),
        alarmKey: s(episode.alarmKey),
        updatedAt: s(nowIso),
        version: n(version + 1),
      }),
      ...versionCondition(version),
    },
  };
}

/**
 * A versioned put of an episode plus the matching write of the escalation index (a sparse partition listing the
 * episodes that may need escalating), so the sweeper queries one small partition instead of scanning the table.
 */
export function episodeWrites(
  ctx: DynamoContext,
  episode: Episode,
  version: number,
  nowIso: string,
): TransactWriteItem[] {
  const key = keyItem(keys.escalation(episode.id));
  const index: TransactWriteItem = awaitsEscalation(episode)
    ? {
        Put: {
          TableName: ctx.ops.tableName,
          Item: { ...key, episodeId: s(episode.id), openedAt: s(episode.openedAt) },
        },
      }
    : { Delete: { TableName: ctx.ops.tableName, Key: key } };
  return [
    putEpisode(ctx, episode, version, nowIso),
    index,
    ...episodeIndexWrites(ctx.ops.tableName, episode),
  ];
}

/** A versioned put of an alarm's state. */
export function putAlarmState(
  ctx: DynamoContext,
  alarmKey: string,
  state: AlarmStateRow,
  version: number,
): TransactWriteItem {
  return {
    Put: {
      TableName: ctx.ops.tableName,
      Item: withKey(keys.alarmState(alarmKey), {
        lastStateTime: s(state.lastStateTime),
        ...(state.openEpisodeId !== undefined && { openEpisodeId: s(state.openEpisodeId) }),
        ...(state.lastEpisodeId !== undefined && { lastEpisodeId: s(state.lastEpisodeId) }),
        ...(state.flips && { flips: s(JSON.stringify(state.flips)) }),
        version: n(version + 1),
      }),
      ...versionCondition(version),
    },
  };
}

/** Reserves `count` consecutive outbox ids from the atomic counter. */
export async function allocateOutboxIds(ctx: DynamoContext, count: number): Promise<number[]> {
  if (count === 0) return [];
  const out = await ctx.ops.update(keys.outboxCounter(), {
    UpdateExpression: "ADD #value :count",
    ExpressionAttributeNames: { "#value": "value" },
    ExpressionAttributeValues: { ":count": n(count) },
  });
  const last = out === false ? undefined : readN(out, "value");
  if (last === undefined) throw new Error("the outbox counter update returned no value");
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

/** Pending outbox rows for `effects`, due at once. */
export function putOutboxItems(
  ctx: DynamoContext,
  effects: readonly Effect[],
  ids: readonly number[],
  nowIso: string,
): TransactWriteItem[] {
  return effects.map((effect, i) => {
    const id = ids[i] ?? 0;
    return {
      Put: {
        TableName: ctx.ops.tableName,
        Item: withKey(keys.outboxPending(id), {
          id: n(id),
          episodeId: s(effect.episodeId),
          effect: s(encodeEffect(effect)),
          // Read by dueOutbox to count a channel's share of a batch without decoding the effect.
          channel: s(effect.channel),
          attempts: n(0),
          nextAttemptAt: n(0),
          createdAt: s(nowIso),
        }),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    };
  });
}

/** Puts for the decision's checklists that do not exist yet (an existing checklist keeps its ticks). */
export async function putNewChecklists(
  ctx: DynamoContext,
  decision: Decision,
  nowIso: string,
): Promise<TransactWriteItem[]> {
  const puts: TransactWriteItem[] = [];
  for (const c of decision.checklists ?? []) {
    if (await ctx.ops.get(keys.checklist(c.id))) continue;
    puts.push({
      Put: {
        TableName: ctx.ops.tableName,
        Item: withKey(keys.checklist(c.id), {
          body: s(JSON.stringify(c)),
          updatedAt: s(nowIso),
          version: n(1),
        }),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
  }
  return puts;
}

/** Waits a short random time so racing writers stop colliding in lockstep. */
export function jitter(attempt: number): Promise<void> {
  const ms = Math.random() * 10 * (attempt + 1);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
