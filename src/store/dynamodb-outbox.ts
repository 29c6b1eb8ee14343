import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import type { Effect } from "../incidents/effects.js";
import { type Item, keyItem, keys, n, readJson, readN, readS, s } from "./dynamodb-attributes.js";
import { loadDigest } from "./dynamodb-incidents.js";
import {
  type DynamoContext,
  episodeWrites,
  jitter,
  loadEpisode,
  versionCondition,
} from "./dynamodb-writes.js";
import { StoreConflictError } from "./errors.js";
import type { OutboxItem } from "./store.js";

function toOutboxItem(item: Item): OutboxItem | undefined {
  const id = readN(item, "id");
  const effect = readJson<Effect>(item, "effect");
  if (id === undefined || !effect) return undefined;
  const lastError = readS(item, "lastError");
  return {
    id,
    effect,
    attempts: readN(item, "attempts") ?? 0,
    createdAt: readS(item, "createdAt") ?? "",
    ...(lastError !== undefined && { lastError }),
  };
}

function claimable(item: Item, owner: string, nowMs: number): boolean {
  if ((readN(item, "nextAttemptAt") ?? 0) > nowMs) return false;
  const until = readN(item, "claimUntil");
  return until === undefined || until <= nowMs || readS(item, "claimedBy") === owner;
}

/**
 * Claims and returns due outbox items, oldest first and at most one per episode (the episode's oldest pending
 * item, even when that one is not due or is claimed, so a thread stays in order). A claim lasts `leaseMs`;
 * another replica can take an item only once its claim expired, while this replica may take its own again.
 */
export async function dueOutboxDynamo(ctx: DynamoContext, now: Date, limit: number): Promise<OutboxItem[]> {
  const nowMs = now.getTime();
  const pending = await ctx.ops.query({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": s(keys.pendingPartition) },
  });
  const heads = new Set<string>();
  const candidates: Item[] = [];
  for (const item of pending) {
    const episodeId = readS(item, "episodeId") ?? "";
    if (heads.has(episodeId)) continue;
    heads.add(episodeId);
    if (claimable(item, ctx.owner, nowMs)) candidates.push(item);
    if (candidates.length >= limit) break;
  }
  const claimed = await Promise.all(candidates.map((item) => claim(ctx, item, nowMs)));
  return claimed.filter((i): i is OutboxItem => i !== undefined);
}

async function claim(ctx: DynamoContext, item: Item, nowMs: number): Promise<OutboxItem | undefined> {
  const id = readN(item, "id");
  if (id === undefined) return undefined;
  const updated = await ctx.ops.update(keys.outboxPending(id), {
    UpdateExpression: "SET claimedBy = :owner, claimUntil = :until",
    ConditionExpression:
      "attribute_exists(pk) AND nextAttemptAt <= :now AND (attribute_not_exists(claimUntil) OR claimUntil <= :now OR claimedBy = :owner)",
    ExpressionAttributeValues: { ":owner": s(ctx.owner), ":until": n(nowMs + ctx.leaseMs), ":now": n(nowMs) },
  });
  return updated === false ? undefined : toOutboxItem(updated);
}

/**
 * Removes a delivered item from the pending partition; a delivered root post records the message's channel
 * and ts on its episode in the same transaction (retried if the episode changed meanwhile).
 */
export async function completeOutboxDynamo(
  ctx: DynamoContext,
  id: number,
  result: { readonly channel?: string; readonly ts?: string },
): Promise<void> {
  for (let attempt = 0; attempt < ctx.maxAttempts; attempt++) {
    const item = await ctx.ops.get(keys.outboxPending(id));
    const effect = readJson<Effect>(item, "effect");
    if (!item || !effect) return;
    if (effect.kind === "sync_digest" && result.ts !== undefined) {
      if (await completeDigestPost(ctx, id, effect, result.ts, result.channel)) return;
      await jitter(attempt);
      continue;
    }
    const episode =
      effect.kind === "post_root" && result.ts !== undefined
        ? await loadEpisode(ctx, effect.episodeId)
        : undefined;
    if (!episode || result.ts === undefined) {
      await ctx.ops.remove(keys.outboxPending(id));
      return;
    }
    const remove: TransactWriteItem = {
      Delete: {
        TableName: ctx.ops.tableName,
        Key: keyItem(keys.outboxPending(id)),
        ConditionExpression: "attribute_exists(pk)",
      },
    };
    const updated = { ...episode.value, slackTs: result.ts, slackChannel: result.channel ?? effect.channel };
    const outcome = await ctx.ops.transact([
      remove,
      ...episodeWrites(ctx, updated, episode.version, ctx.clock().toISOString()),
    ]);
    if (outcome.ok || outcome.reasons[0] === "ConditionalCheckFailed") return;
    await jitter(attempt);
  }
  throw new StoreConflictError(`Outbox item ${id} could not be marked delivered: its episode kept changing.`);
}

/** Removes a delivered digest sync and, for its first post, records the message on the digest; false = retry. */
async function completeDigestPost(
  ctx: DynamoContext,
  id: number,
  effect: Extract<Effect, { kind: "sync_digest" }>,
  ts: string,
  channel: string | undefined,
): Promise<boolean> {
  const digest = await loadDigest(ctx, effect.episodeId);
  if (!digest || digest.value.slackTs !== undefined) {
    await ctx.ops.remove(keys.outboxPending(id));
    return true;
  }
  const posted = { ...digest.value, slackTs: ts, slackChannel: channel ?? effect.channel };
  const outcome = await ctx.ops.transact([
    {
      Delete: {
        TableName: ctx.ops.tableName,
        Key: keyItem(keys.outboxPending(id)),
        ConditionExpression: "attribute_exists(pk)",
      },
    },
    {
      Put: {
        TableName: ctx.ops.tableName,
        Item: {
          ...keyItem(keys.digest(posted.id)),
          body: s(JSON.stringify(posted)),
          version: n(digest.version + 1),
        },
        ...versionCondition(digest.version),
      },
    },
  ]);
  return outcome.ok || outcome.reasons[0] === "ConditionalCheckFailed";
}

/** Releases the claim and schedules the next attempt. */
export async function retryOutboxDynamo(
  ctx: DynamoContext,
  id: number,
  error: string,
  nextAttemptAt: Date,
): Promise<void> {
  await ctx.ops.update(keys.outboxPending(id), {
    UpdateExpression:
      "SET attempts = attempts + :one, lastError = :error, nextAttemptAt = :next REMOVE claimedBy, claimUntil",
    ConditionExpression: "attribute_exists(pk)",
    ExpressionAttributeValues: { ":one": n(1), ":error": s(error), ":next": n(nextAttemptAt.getTime()) },
  });
}

/** Moves an item that can never succeed to the failed partition, with its error, for the operator. */
export async function failOutboxDynamo(ctx: DynamoContext, id: number, error: string): Promise<void> {
  const item = await ctx.ops.get(keys.outboxPending(id));
  if (!item) return;
  const { claimedBy: _by, claimUntil: _until, ...rest } = item;
  await ctx.ops.transact([
    {
      Delete: {
        TableName: ctx.ops.tableName,
        Key: keyItem(keys.outboxPending(id)),
        ConditionExpression: "attribute_exists(pk)",
      },
    },
    {
      Put: {
        TableName: ctx.ops.tableName,
        Item: {
          ...rest,
          ...keyItem(keys.outboxFailed(id)),
          attempts: n((readN(item, "attempts") ?? 0) + 1),
          lastError: s(error),
          failedAt: s(ctx.clock().toISOString()),
        },
      },
    },
  ]);
}

/** How many items wait in the pending partition (claimed or not). */
export async function pendingOutboxCountDynamo(ctx: DynamoContext): Promise<number> {
  return ctx.ops.countQuery({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": s(keys.pendingPartition) },
  });
}
