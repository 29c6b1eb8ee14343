import type { Episode } from "../incidents/episode.js";
import type { MuteWindow } from "../mutes/mute-window.js";
import type { EpisodeFacts } from "../reports/episode-facts.js";
import { keyItem, readJson, readS, s } from "./dynamodb-attributes.js";
import { factsPartition, mutedPartition, OPEN } from "./dynamodb-episode-index.js";
import { type DynamoContext, loadEpisode } from "./dynamodb-writes.js";

const MUTES = "mute#all";
const DAY_MS = 86_400_000;

/** Episodes listed in the open index (kept with every episode write), oldest opening first. */
export async function openEpisodesDynamo(ctx: DynamoContext, limit: number): Promise<Episode[]> {
  const items = await ctx.ops.query({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": s(OPEN) },
  });
  const episodes = await Promise.all(
    items.slice(0, limit).map((i) => loadEpisode(ctx, readS(i, "episodeId") ?? "")),
  );
  return episodes
    .flatMap((e) => (e && e.value.status !== "resolved" ? [e.value] : []))
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}

/** Report facts of episodes opened in [from, to): one query per day partition, in order. */
export async function episodeFactsBetweenDynamo(
  ctx: DynamoContext,
  from: Date,
  to: Date,
): Promise<EpisodeFacts[]> {
  const days: string[] = [];
  for (let t = Date.parse(from.toISOString().slice(0, 10)); t < to.getTime(); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  const pages = await Promise.all(
    days.map((day) =>
      ctx.ops.query({
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": s(factsPartition(day)),
          ":from": s(from.toISOString()),
          ":to": s(to.toISOString()),
        },
      }),
    ),
  );
  return pages.flat().flatMap((i) => {
    const f = readJson<EpisodeFacts>(i);
    return f && f.openedAt < to.toISOString() ? [f] : [];
  });
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
