import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import type { AlarmHistory } from "../incidents/alarm-history.js";
import type { Decision } from "../incidents/decision.js";
import type { Episode } from "../incidents/episode.js";
import type { StormDigest } from "../incidents/storm-digest.js";
import { keyItem, keys, n, readJson, readN, readS, s } from "./dynamodb-attributes.js";
import {
  type AlarmStateRow,
  type DynamoContext,
  loadEpisode,
  type Versioned,
  versionCondition,
} from "./dynamodb-writes.js";
import type { IncomingNotification } from "./store.js";

/** Per channel: receive times (ms) of episodes opened in the last minute, and the current storm digest. */
interface ChannelRow {
  readonly recentOpens: readonly number[];
  readonly digestId?: string;
}

/** What ingest read beyond the alarm state, with the versions its conditional writes must match. */
export interface IncidentRead {
  readonly history: Partial<AlarmHistory>;
  readonly channel: Versioned<ChannelRow | undefined>;
  readonly digest?: Versioned<StormDigest>;
  readonly lastEpisode?: Versioned<Episode>;
}

const MINUTE_MS = 60_000;
// The count saturates here (config caps the threshold at 200), which bounds the channel item's size.
const MAX_RECENT_OPENS = 201;

/** Reads a storm digest with its version. */
export async function loadDigest(
  ctx: DynamoContext,
  id: string,
): Promise<Versioned<StormDigest> | undefined> {
  const item = await ctx.ops.get(keys.digest(id));
  const digest = readJson<StormDigest>(item);
  return digest ? { value: digest, version: readN(item, "version") ?? 0 } : undefined;
}

async function loadChannel(ctx: DynamoContext, channel: string): Promise<Versioned<ChannelRow | undefined>> {
  const item = await ctx.ops.get(keys.channel(channel));
  if (!item) return { value: undefined, version: 0 };
  const digestId = readS(item, "digestId");
  return {
    value: { recentOpens: readJson<number[]>(item, "recentOpens") ?? [], ...(digestId && { digestId }) },
    version: readN(item, "version") ?? 0,
  };
}

/**
 * Reads what storms and flapping need for one notification: the alarm's last episode (when none is open) and
 * flips from its state row, and, for the route's channel, how many episodes opened in the last minute and the
 * digest (the open episode's, or the channel's current one).
 */
export async function readIncidentHistory(
  ctx: DynamoContext,
  input: IncomingNotification,
  state: AlarmStateRow | undefined,
  open: Episode | undefined,
): Promise<IncidentRead> {
  const last = !open && state?.lastEpisodeId ? await loadEpisode(ctx, state.lastEpisodeId) : undefined;
  const channel =
    input.channel === undefined ? { value: undefined, version: 0 } : await loadChannel(ctx, input.channel);
  const digestId = open?.digestId ?? channel.value?.digestId;
  const digest = digestId === undefined ? undefined : await loadDigest(ctx, digestId);
  const since = Date.parse(input.receivedAt) - MINUTE_MS;
  return {
    channel,
    ...(digest && { digest }),
    ...(last && { lastEpisode: last }),
    history: {
      flips: state?.flips ?? [],
      receivedAt: input.receivedAt,
      ...(last && { lastEpisode: last.value }),
      ...(digest && { digest: digest.value }),
      ...(input.channel !== undefined && {
        channelOpensLastMinute: (channel.value?.recentOpens ?? []).filter((t) => t > since).length,
      }),
    },
  };
}

/** Versioned writes of the digest a decision changed and of the channel's opens when a new episode opened. */
export function incidentWrites(
  ctx: DynamoContext,
  decision: Decision,
  input: IncomingNotification,
  read: IncidentRead,
): TransactWriteItem[] {
  const items: TransactWriteItem[] = [];
  const d = decision.digest;
  if (d) {
    const version = read.digest?.value.id === d.id ? read.digest.version : 0;
    items.push({
      Put: {
        TableName: ctx.ops.tableName,
        Item: { ...keyItem(keys.digest(d.id)), body: s(JSON.stringify(d)), version: n(version + 1) },
        ...versionCondition(version),
      },
    });
  }
  const channel = decision.openedInChannel;
  if (channel !== undefined && channel === input.channel) {
    const now = Date.parse(input.receivedAt);
    const opens = [...(read.channel.value?.recentOpens ?? []).filter((t) => t > now - MINUTE_MS), now];
    const digestId = d?.id ?? read.channel.value?.digestId;
    items.push({
      Put: {
        TableName: ctx.ops.tableName,
        Item: {
          ...keyItem(keys.channel(channel)),
          recentOpens: s(JSON.stringify(opens.slice(-MAX_RECENT_OPENS))),
          ...(digestId !== undefined && { digestId: s(digestId) }),
          version: n(read.channel.version + 1),
        },
        ...versionCondition(read.channel.version),
      },
    });
  }
  return items;
}

/** The episodes listed in the escalation index that opened at or before `openedBefore`, oldest first. */
export async function escalationCandidatesDynamo(
  ctx: DynamoContext,
  openedBefore: Date,
  limit: number,
): Promise<Episode[]> {
  const items = await ctx.ops.query({
    KeyConditionExpression: "pk = :pk",
    FilterExpression: "openedAt <= :before",
    ExpressionAttributeValues: {
      ":pk": s(keys.escalationPartition),
      ":before": s(openedBefore.toISOString()),
    },
  });
  const due = items
    .map((i) => ({ id: readS(i, "episodeId") ?? "", openedAt: readS(i, "openedAt") ?? "" }))
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id))
    .slice(0, limit);
  const episodes = await Promise.all(due.map((d) => loadEpisode(ctx, d.id)));
  return episodes.flatMap((e) => (e ? [e.value] : []));
}
