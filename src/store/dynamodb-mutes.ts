import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import type { Episode } from "../incidents/episode.js";
import type { MuteWindow } from "../mutes/mute-window.js";
import { keyItem, readJson, readS, s } from "./dynamodb-attributes.js";
import { type DynamoContext, loadEpisode } from "./dynamodb-writes.js";

const MUTES = "mute#all";
const mutedPartition = (key: string): string => `muted#${key}`;

/** The index row of an episode opened under a mute, written in the episode's transaction. */
export function mutedEpisodeWrite(ctx: DynamoContext, e: Episode): TransactWriteItem[] {
  if (!e.muted) return [];
  return [
    {
      Put: {
        TableName: ctx.ops.tableName,
        Item: { ...keyItem({ pk: mutedPartition(e.muted.key), sk: e.id }), episodeId: s(e.id) },
      },
    },
  ];
}

/** Saves (or replaces) a mute window under `mute#all`/`<id>`. */
export async function saveMuteDynamo(ctx: DynamoContext, m: MuteWindow): Promise<void> {
  await ctx.ops.put({
    ...keyItem({ pk: MUTES, sk: m.id }),
    body: s(JSON.stringify(m)),
    endsAt: s(m.endsAt),
  });
}

/** The mute windows ending after `endsAfter`, earliest start first. */
export async function listMutesDynamo(ctx: DynamoContext, endsAfter: Date): Promise<MuteWindow[]> {
  const items = await ctx.ops.query({
    KeyConditionExpression: "pk = :pk",
    FilterExpression: "endsAt > :after",
    ExpressionAttributeValues: { ":pk": s(MUTES), ":after": s(endsAfter.toISOString()) },
  });
  return items
    .flatMap((i) => readJson<MuteWindow>(i) ?? [])
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

/** The episodes indexed under a mute key. */
export async function mutedEpisodesDynamo(ctx: DynamoContext, key: string): Promise<Episode[]> {
  const items = await ctx.ops.query({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": s(mutedPartition(key)) },
  });
  const episodes = await Promise.all(items.map((i) => loadEpisode(ctx, readS(i, "episodeId") ?? "")));
  return episodes.flatMap((e) => (e ? [e.value] : []));
}

/** A conditional put of `claim#<key>`: true for the one caller that created it. */
export async function claimOnceDynamo(ctx: DynamoContext, key: string, at: Date): Promise<boolean> {
  return ctx.ops.put(
    { ...keyItem({ pk: `claim#${key}`, sk: "claim" }), claimedAt: s(at.toISOString()), owner: s(ctx.owner) },
    { ConditionExpression: "attribute_not_exists(pk)" },
  );
}
