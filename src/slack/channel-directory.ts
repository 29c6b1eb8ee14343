import type { WebClient } from "@slack/web-api";
import type { Logger } from "../shared/logger.js";

/** A channel as `conversations.list` names it: public, or private with klaxon in it. */
export interface KnownChannel {
  readonly id: string;
  readonly name: string;
}

/** Channel IDs from the configured `#names`, which `conversations.join` needs (it refuses names). */
export interface ChannelDirectory {
  /** Lists the workspace's channels once; a failed load is retried by the next {@link idOf}. */
  load(): Promise<void>;
  /** The ID of `#name`, `name` or an ID (returned as is), or `undefined` for a channel klaxon cannot see. */
  idOf(channel: string): Promise<string | undefined>;
}

// Conversation IDs: C… (channels), G… (older private channels), D… (DMs). Names are lowercase, so no clash.
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

/** True when the text is a Slack conversation ID rather than a name. */
export function isChannelId(channel: string): boolean {
  return CHANNEL_ID.test(channel);
}

/**
 * Builds the directory over a channel lister, loading it at most once successfully. `configured` are the channels
 * klaxon's config names: after the load, each one that is neither an ID nor a channel klaxon can see gets one
 * warning at start rather than a failed alarm later — klaxon cannot join a private channel by itself.
 */
export function createChannelDirectory(
  deps: { readonly listChannels: () => Promise<readonly KnownChannel[]>; readonly logger: Logger },
  configured: readonly string[],
): ChannelDirectory {
  let ids: Promise<Map<string, string>> | undefined;
  const load = (): Promise<Map<string, string>> => {
    ids ??= deps.listChannels().then(
      (channels) => {
        const byName = new Map(channels.map((c) => [c.name, c.id]));
        for (const channel of new Set(configured)) {
          if (isChannelId(channel) || byName.has(bareName(channel))) continue;
          deps.logger.warn(
            { channel },
            "Configured channel not found: check its name in klaxon.yaml, or invite klaxon if it is private (/invite @klaxon)",
          );
        }
        return byName;
      },
      (error: unknown) => {
        ids = undefined;
        throw error;
      },
    );
    return ids;
  };
  return {
    async load() {
      await load();
    },
    async idOf(channel) {
      if (isChannelId(channel)) return channel;
      return (await load()).get(bareName(channel));
    },
  };
}

function bareName(channel: string): string {
  return channel.startsWith("#") ? channel.slice(1) : channel;
}

/**
 * Every unarchived public channel, and every private channel klaxon is in, through the WebClient's own cursor
 * pagination (`conversations.list`; scopes `channels:read` and `groups:read`), 1,000 a page to stay well inside
 * the method's rate tier.
 */
export async function listChannels(client: Pick<WebClient, "paginate">): Promise<KnownChannel[]> {
  const out: KnownChannel[] = [];
  const pages = client.paginate("conversations.list", {
    types: "public_channel,private_channel",
    exclude_archived: true,
    limit: 1000,
  });
  for await (const page of pages) {
    const channels = (page as { channels?: { id?: string; name?: string }[] }).channels ?? [];
    for (const c of channels) if (c.id && c.name) out.push({ id: c.id, name: c.name });
  }
  return out;
}
