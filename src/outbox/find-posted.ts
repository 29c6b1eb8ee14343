import type { WebClient } from "@slack/web-api";
import { SlackDeliveryError } from "./errors.js";

/** The metadata `event_type` klaxon puts on every message the outbox posts. */
export const OUTBOX_EVENT_TYPE = "klaxon_outbox";

/**
 * Invisible message metadata naming the outbox item a post came from, so a post whose outcome is unknown (the
 * client timed out, the connection dropped) can be found in the channel instead of being posted twice.
 */
export interface PostMarker {
  readonly outboxId: number;
  readonly episodeId: string;
}

/** Where to look for a marked post: a channel since a time, or one thread of it. */
export interface FindPostedQuery {
  readonly since: Date;
  readonly threadTs?: string;
}

/**
 * What a search found. `unsearchable` names why klaxon cannot read the channel (`missing_scope`,
 * `not_in_channel`, `channel_not_found`…): the caller re-posts, since a duplicate beats a lost alarm.
 */
export type FindPostedResult =
  | { readonly status: "found"; readonly channel: string; readonly ts: string }
  | { readonly status: "absent" }
  | { readonly status: "unsearchable"; readonly reason: string };

/** Slack's metadata shape for a marker. */
export function markerMetadata(marker: PostMarker): {
  event_type: string;
  event_payload: { outbox_id: number; episode_id: string };
} {
  return {
    event_type: OUTBOX_EVENT_TYPE,
    event_payload: { outbox_id: marker.outboxId, episode_id: marker.episodeId },
  };
}

interface ReadMessage {
  readonly ts?: string;
  readonly metadata?: { readonly event_type?: string; readonly event_payload?: Record<string, unknown> };
}

/** True when a message read back from Slack carries `marker`. */
export function carriesMarker(message: ReadMessage, marker: PostMarker): boolean {
  const meta = message.metadata;
  return (
    meta?.event_type === OUTBOX_EVENT_TYPE &&
    Number(meta.event_payload?.outbox_id) === marker.outboxId &&
    meta.event_payload?.episode_id === marker.episodeId
  );
}

// A search reads at most this many pages of `PAGE` messages: alarm channels are quiet and the window is short.
const MAX_PAGES = 5;
const PAGE = 200;
// Channel name lookups read at most this many pages of 1000 channels.
const MAX_LIST_PAGES = 10;
const SLACK_CHANNEL_ID = /^[CDG][A-Z0-9]{2,30}$/;
const UNSEARCHABLE = new Set([
  "missing_scope",
  "not_in_channel",
  "channel_not_found",
  "thread_not_found",
  "method_not_supported_for_channel_type",
]);

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Finds the outbox's marked posts: `conversations.history` (top-level posts) or `conversations.replies`
 * (thread replies) since a time, with `include_all_metadata`, paginated and bounded. Channel names are
 * resolved to ids from posts already made or, failing that, from `conversations.list`. A public channel that
 * answers `not_in_channel` is joined once and read again.
 */
export function createPostFinder(client: WebClient, call: Call) {
  const ids = new Map<string, string>();

  async function channelId(channel: string): Promise<string | undefined> {
    const name = channel.replace(/^#/, "");
    if (SLACK_CHANNEL_ID.test(name)) return name;
    const known = ids.get(name);
    if (known !== undefined) return known;
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const res = await call(() =>
        client.conversations.list({
          types: "public_channel,private_channel",
          exclude_archived: true,
          limit: 1000,
          ...(cursor !== undefined && { cursor }),
        }),
      );
      for (const c of res.channels ?? []) if (c.name && c.id) ids.set(c.name, c.id);
      const found = ids.get(name);
      if (found !== undefined) return found;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) return undefined;
    }
    return undefined;
  }

  async function search(id: string, marker: PostMarker, query: FindPostedQuery): Promise<string | undefined> {
    const oldest = (Math.max(0, query.since.getTime()) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const common = {
        channel: id,
        oldest,
        include_all_metadata: true,
        limit: PAGE,
        ...(cursor !== undefined && { cursor }),
      };
      const threadTs = query.threadTs;
      const res = await call(() =>
        threadTs === undefined
          ? client.conversations.history(common)
          : client.conversations.replies({ ...common, ts: threadTs }),
      );
      const hit = (res.messages ?? []).find((m) => carriesMarker(m as ReadMessage, marker));
      if (hit?.ts !== undefined) return hit.ts;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) return undefined;
    }
    return undefined;
  }

  return {
    /** Remembers a channel's id learnt from a post to it by name. */
    learn(channel: string, id: string): void {
      const name = channel.replace(/^#/, "");
      if (!SLACK_CHANNEL_ID.test(name)) ids.set(name, id);
    },
    /** Looks for the post carrying `marker`; Slack failures other than "cannot read here" throw. */
    async find(channel: string, marker: PostMarker, query: FindPostedQuery): Promise<FindPostedResult> {
      let joined = false;
      for (;;) {
        try {
          const id = await channelId(channel);
          if (id === undefined) return { status: "unsearchable", reason: "channel_not_found" };
          const ts = await search(id, marker, query);
          return ts === undefined ? { status: "absent" } : { status: "found", channel: id, ts };
        } catch (error) {
          const reason = error instanceof SlackDeliveryError ? error.slackError : undefined;
          if (reason === undefined || !UNSEARCHABLE.has(reason)) throw error;
          if (reason !== "not_in_channel" || joined) return { status: "unsearchable", reason };
          joined = true;
          const id = await channelId(channel);
          const ok =
            id !== undefined &&
            (await call(() => client.conversations.join({ channel: id })).then(
              () => true,
              () => false,
            ));
          if (!ok) return { status: "unsearchable", reason };
        }
      }
    },
  };
}
