import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import type { Effect } from "../incidents/effects.js";
import { type Item, keyItem, keys, n, readN, readS, s } from "./dynamodb-attributes.js";
import { loadDigest } from "./dynamodb-incidents.js";
import {
  type DynamoContext,
  episodeWrites,
  jitter,
  loadEpisode,
  versionCondition,
} from "./dynamodb-writes.js";
import { decodeEffect } from "./effect-json.js";
import { StoreConflictError } from "./errors.js";
import type { OutboxFence, OutboxItem } from "./store.js";

function toOutboxItem(item: Item): OutboxItem | undefined {
  const id = readN(item, "id");
  const raw = readS(item, "effect");
  const effect = raw === undefined ? undefined : decodeEffect(raw);
  if (id === undefined || !effect) return undefined;
  const lastError = readS(item, "lastError");
  const firstAttemptAt = readN(item, "firstAttemptAt");
  const claim = readN(item, "claimVersion");
  return {
    id,
    effect,
    attempts: readN(item, "attempts") ?? 0,
    createdAt: readS(item, "createdAt") ?? "",
    ...(lastError !== undefined && { lastError }),
    ...(firstAttemptAt !== undefined && { firstAttemptAt: new Date(firstAttemptAt).toISOString() }),
    ...(claim !== undefined && { claim }),
  };
}

/**
 * The condition under which a write about a pending item goes through: the item exists and, given a claim,
 * this replica still holds that very claim (a replica whose claim expired and was taken over writes nothing).
 */
function fenced(ctx: DynamoContext, fence: OutboxFence): { ConditionExpression: string; values: Item } {
  if (fence.claim === undefined) return { ConditionExpression: "attribute_exists(pk)", values: {} };
  return {
    ConditionExpression: "attribute_exists(pk) AND claimedBy = :claimOwner AND claimVersion = :claim",
    values: { ":claimOwner": s(ctx.owner), ":claim": n(fence.claim) },
  };
}

/** A fenced conditional delete of a pending item, for a transaction. */
function fencedDelete(ctx: DynamoContext, id: number, fence: OutboxFence): TransactWriteItem {
  const f = fenced(ctx, fence);
  return {
    Delete: {
      TableName: ctx.ops.tableName,
      Key: keyItem(keys.outboxPending(id)),
      ConditionExpression: f.ConditionExpression,
      ...(Object.keys(f.values).length > 0 && { ExpressionAttributeValues: f.values }),
    },
  };
}

/** The claims this replica holds, with when each runs out, so a fresh claim is not renewed before every call. */
const heldClaims = new WeakMap<DynamoContext, Map<number, { claim: number; until: number }>>();

function held(ctx: DynamoContext): Map<number, { claim: number; until: number }> {
  let map = heldClaims.get(ctx);
  if (!map) {
    map = new Map();
    heldClaims.set(ctx, map);
  }
  return map;
}

function noteHeld(ctx: DynamoContext, id: number, claim: number | undefined, until: number): void {
  if (claim === undefined) return;
  const map = held(ctx);
  if (map.size > 10_000) map.clear();
  map.set(id, { claim, until });
}

function claimable(item: Item, owner: string, nowMs: number): boolean {
  if ((readN(item, "nextAttemptAt") ?? 0) > nowMs) return false;
  const until = readN(item, "claimUntil");
  return until === undefined || until <= nowMs || readS(item, "claimedBy") === owner;
}

/**
 * Claims and returns due outbox items (each claim numbered, see `claimVersion`), oldest first and at most one per episode (the episode's oldest pending
 * item, even when that one is not due or is claimed, so a thread stays in order). A claim lasts `leaseMs`;
 * another replica can take an item only once its claim expired, while this replica may take its own again.
 */
export async function dueOutboxDynamo(
  ctx: DynamoContext,
  now: Date,
  limit: number,
  perChannel = limit,
): Promise<OutboxItem[]> {
  const nowMs = now.getTime();
  const pending = await ctx.ops.query({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": s(keys.pendingPartition) },
  });
  const heads = new Set<string>();
  const candidates: Item[] = [];
  const perChannelTaken = new Map<string | undefined, number>();
  for (const item of pending) {
    const episodeId = readS(item, "episodeId") ?? "";
    if (heads.has(episodeId)) continue;
    heads.add(episodeId);
    if (!claimable(item, ctx.owner, nowMs)) continue;
    // An item over its channel's share is not claimed: another replica, or this one's next pass, takes it.
    if (perChannel < limit) {
      const channel = channelOf(item);
      const taken = perChannelTaken.get(channel) ?? 0;
      if (taken >= perChannel) continue;
      perChannelTaken.set(channel, taken + 1);
    }
    candidates.push(item);
    if (candidates.length >= limit) break;
  }
  const claimed = await Promise.all(candidates.map((item) => claim(ctx, item, nowMs)));
  return claimed.filter((i): i is OutboxItem => i !== undefined);
}

/** Where a pending item goes, from its own attribute, or from its effect for items stored before it had one. */
function channelOf(item: Item): string | undefined {
  const channel = readS(item, "channel");
  if (channel !== undefined) return channel;
  const raw = readS(item, "effect");
  return raw === undefined ? undefined : decodeEffect(raw)?.channel;
}

async function claim(ctx: DynamoContext, item: Item, nowMs: number): Promise<OutboxItem | undefined> {
  const id = readN(item, "id");
  if (id === undefined) return undefined;
  const updated = await ctx.ops.update(keys.outboxPending(id), {
    UpdateExpression:
      "SET claimedBy = :owner, claimUntil = :until, claimVersion = if_not_exists(claimVersion, :zero) + :one",
    ConditionExpression:
      "attribute_exists(pk) AND nextAttemptAt <= :now AND (attribute_not_exists(claimUntil) OR claimUntil <= :now OR claimedBy = :owner)",
    ExpressionAttributeValues: {
      ":owner": s(ctx.owner),
      ":until": n(nowMs + ctx.leaseMs),
      ":now": n(nowMs),
      ":zero": n(0),
      ":one": n(1),
    },
  });
  if (updated === false) return undefined;
  const claimed = toOutboxItem(updated);
  if (claimed) noteHeld(ctx, id, claimed.claim, nowMs + ctx.leaseMs);
  return claimed;
}

/**
 * Extends this replica's claim on an item by a full lease before a Slack call (so the claim cannot expire while
 * the call is in flight, given a lease longer than the Slack client's time-out) and, with `attemptAt`, records
 * the item's first attempt time unless one is set. False when the claim was taken over. A claim with more than
 * two thirds of its lease left needs no write: no other replica can have taken it.
 */
export async function holdOutboxDynamo(
  ctx: DynamoContext,
  id: number,
  options: OutboxFence & { readonly attemptAt?: Date },
): Promise<boolean> {
  const nowMs = ctx.clock().getTime();
  const known = held(ctx).get(id);
  if (
    options.attemptAt === undefined &&
    known !== undefined &&
    known.claim === options.claim &&
    known.until - nowMs > (ctx.leaseMs * 2) / 3
  )
    return true;
  const f = fenced(ctx, options);
  const updated = await ctx.ops.update(keys.outboxPending(id), {
    UpdateExpression:
      options.attemptAt === undefined
        ? "SET claimUntil = :until"
        : "SET claimUntil = :until, firstAttemptAt = if_not_exists(firstAttemptAt, :at)",
    ConditionExpression: f.ConditionExpression,
    ExpressionAttributeValues: {
      ...f.values,
      ":until": n(nowMs + ctx.leaseMs),
      ...(options.attemptAt !== undefined && { ":at": n(options.attemptAt.getTime()) }),
    },
  });
  if (updated === false) return false;
  noteHeld(ctx, id, options.claim, nowMs + ctx.leaseMs);
  return true;
}

/** Removes a pending item under `fence`; false when the fence (or the item) is gone. */
function removeFenced(ctx: DynamoContext, id: number, fence: OutboxFence): Promise<boolean> {
  const f = fenced(ctx, fence);
  return ctx.ops.remove(keys.outboxPending(id), {
    ConditionExpression: f.ConditionExpression,
    ...(Object.keys(f.values).length > 0 && { ExpressionAttributeValues: f.values }),
  });
}

/**
 * Removes a delivered item from the pending partition; a delivered root post records the message's channel
 * and ts on its episode in the same transaction (retried if the episode changed meanwhile). Fenced by the
 * claim: false (nothing written) when another replica took the item over.
 */
export async function completeOutboxDynamo(
  ctx: DynamoContext,
  id: number,
  result: { readonly channel?: string; readonly ts?: string },
  fence: OutboxFence = {},
): Promise<boolean> {
  held(ctx).delete(id);
  for (let attempt = 0; attempt < ctx.maxAttempts; attempt++) {
    const item = await ctx.ops.get(keys.outboxPending(id));
    const raw = readS(item, "effect");
    const effect = raw === undefined ? undefined : decodeEffect(raw);
    if (!item || !effect) return false;
    if (effect.kind === "sync_digest" && result.ts !== undefined) {
      const outcome = await completeDigestPost(ctx, id, effect, { ...result, ts: result.ts }, fence);
      if (outcome !== "retry") return outcome === "done";
      await jitter(attempt);
      continue;
    }
    const episode =
      effect.kind === "post_root" && result.ts !== undefined
        ? await loadEpisode(ctx, effect.episodeId)
        : undefined;
    if (!episode || result.ts === undefined) return removeFenced(ctx, id, fence);
    const updated = { ...episode.value, slackTs: result.ts, slackChannel: result.channel ?? effect.channel };
    const outcome = await ctx.ops.transact([
      fencedDelete(ctx, id, fence),
      ...episodeWrites(ctx, updated, episode.version, ctx.clock().toISOString()),
    ]);
    if (outcome.ok) return true;
    if (outcome.reasons[0] === "ConditionalCheckFailed") return false;
    await jitter(attempt);
  }
  throw new StoreConflictError(`Outbox item ${id} could not be marked delivered: its episode kept changing.`);
}

/** Removes a delivered digest sync and, for its first post, records the message on the digest. */
async function completeDigestPost(
  ctx: DynamoContext,
  id: number,
  effect: Extract<Effect, { kind: "sync_digest" }>,
  result: { readonly channel?: string; readonly ts: string },
  fence: OutboxFence,
): Promise<"done" | "fenced" | "retry"> {
  const digest = await loadDigest(ctx, effect.episodeId);
  if (!digest || digest.value.slackTs !== undefined)
    return (await removeFenced(ctx, id, fence)) ? "done" : "fenced";
  const posted = { ...digest.value, slackTs: result.ts, slackChannel: result.channel ?? effect.channel };
  const outcome = await ctx.ops.transact([
    fencedDelete(ctx, id, fence),
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
  if (outcome.ok) return "done";
  return outcome.reasons[0] === "ConditionalCheckFailed" ? "fenced" : "retry";
}

/** Releases the claim and schedules the next attempt (fenced by the claim). */
export async function retryOutboxDynamo(
  ctx: DynamoContext,
  id: number,
  error: string,
  nextAttemptAt: Date,
  options: OutboxFence & { readonly forgetAttempt?: boolean } = {},
): Promise<void> {
  held(ctx).delete(id);
  const f = fenced(ctx, options);
  const remove = options.forgetAttempt ? "claimedBy, claimUntil, firstAttemptAt" : "claimedBy, claimUntil";
  await ctx.ops.update(keys.outboxPending(id), {
    UpdateExpression: `SET attempts = attempts + :one, lastError = :error, nextAttemptAt = :next REMOVE ${remove}`,
    ConditionExpression: f.ConditionExpression,
    ExpressionAttributeValues: {
      ...f.values,
      ":one": n(1),
      ":error": s(error),
      ":next": n(nextAttemptAt.getTime()),
    },
  });
}

/** Moves an item that can never succeed to the failed partition, with its error, for the operator. */
export async function failOutboxDynamo(
  ctx: DynamoContext,
  id: number,
  error: string,
  fence: OutboxFence = {},
): Promise<void> {
  held(ctx).delete(id);
  const item = await ctx.ops.get(keys.outboxPending(id));
  if (!item) return;
  const { claimedBy: _by, claimUntil: _until, ...rest } = item;
  await ctx.ops.transact([
    fencedDelete(ctx, id, fence),
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
