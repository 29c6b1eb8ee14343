import type { Effect } from "../incidents/effects.js";
import type { Episode } from "../incidents/episode.js";
import type { StormDigest } from "../incidents/storm-digest.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { buildEpisodeReply } from "../slack/blocks/episode-replies.js";
import { buildStormDigest } from "../slack/blocks/storm-digest.js";
import type { SlackMessage } from "../slack/slack-message.js";
import type { OutboxItem, Store } from "../store/store.js";
import { isPreparedReply, type PreparedThreadReply, type StoredEffect } from "../store/stored-effect.js";
import type { SlackCallKind } from "./channel-pacer.js";
import { SlackDeliveryError } from "./errors.js";
import { createOutboxCalls } from "./outbox-calls.js";
import type { SlackPoster } from "./slack-poster.js";

/** What delivering one effect needs: the store, Slack, the renderers and the hooks told about deliveries. */
export interface DeliveryDeps {
  readonly store: Store;
  readonly slack: SlackPoster;
  /** Renders an episode's root message; called at delivery time so the newest state is shown. */
  readonly renderEpisode: (episode: Episode) => SlackMessage;
  /** Renders a storm digest; defaults to `buildStormDigest`. */
  readonly renderDigest?: (digest: StormDigest) => SlackMessage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called with the number of queued updates dropped because a delivery about to happen shows them. */
  readonly onSuperseded?: (count: number) => void;
  /** Called once an episode's root message exists in Slack (for follow-ups such as the first-look summary). */
  readonly onRootPosted?: (episode: Episode) => void;
}

export interface DeliveryOptions {
  /** Where a root post goes when its channel is gone or closed to the bot. */
  readonly fallbackChannel: string;
  /** A post whose outcome was unknown is looked for from this long before its first attempt. Default 2 min. */
  readonly searchMarginMs?: number;
}

/** The Slack side of the outbox: what each stored effect does against Slack. */
export interface EffectDelivery {
  /** Delivers one claimed item and marks it done; Slack and store failures throw for the loop to retry. */
  deliver(item: OutboxItem): Promise<void>;
  /** True when the item has nothing new to show (a digest revision already shown), so needs no Slack call. */
  alreadyShown(item: OutboxItem): boolean;
  /** Marks the item delivered under its claim; false (and nothing written) when another replica took it over. */
  complete(item: OutboxItem, result: { channel?: string; ts?: string }): Promise<boolean>;
}

/**
 * The Slack limit an item's delivery draws on: a root update is a `chat.update` (its root post came first, in
 * order); a digest is posted once, then updated, so it waits for both.
 */
export function callKind(item: OutboxItem): SlackCallKind {
  const kind = item.effect.kind;
  return kind === "update_root" ? "update" : kind === "sync_digest" ? "post_or_update" : "post";
}

type Reply = Extract<Effect, { kind: "thread_reply" }> | PreparedThreadReply;

/**
 * A thread reply's Slack message: rendered from its facts, or, for a row an earlier version stored with
 * ready-made text and blocks, those as they are.
 */
export function replyMessage(effect: Reply): SlackMessage {
  if (isPreparedReply(effect))
    return { text: effect.text, ...(effect.blocks !== undefined && { blocks: effect.blocks }) };
  return buildEpisodeReply(effect.reply);
}

const isReply = (effect: StoredEffect): effect is Reply => effect.kind === "thread_reply";

/** At most this many queued thread replies go out as one post, and at most this many characters. */
const MAX_FOLDED_REPLIES = 20;
const MAX_FOLDED_CHARS = 3_000;

/**
 * The delivery policy of each effect kind: a root post renders the episode's newest state and falls back to
 * the fallback channel when its own is unusable; a root update is a `chat.update` (or the post, while the root
 * is not in Slack yet); a thread reply is rendered and posted in the root's thread, together with the text-only
 * replies queued right behind it; a storm digest is posted once and then updated, skipping revisions already
 * shown. Every post first looks for the message of an earlier attempt whose outcome was unknown.
 */
export function createEffectDelivery(deps: DeliveryDeps, options: DeliveryOptions): EffectDelivery {
  const renderDigest = deps.renderDigest ?? buildStormDigest;
  // The newest digest revision shown in Slack per digest: a queued update for an older one has nothing new.
  const shownRevision = new Map<string, number>();
  const calls = createOutboxCalls(deps, options.searchMarginMs ?? 120_000);
  const fence = (item: OutboxItem) => (item.claim === undefined ? {} : { claim: item.claim });

  async function complete(item: OutboxItem, result: { channel?: string; ts?: string }): Promise<boolean> {
    const done = await deps.store.completeOutbox(item.id, result, fence(item));
    if (!done)
      deps.logger.warn(
        { item: item.id },
        "outbox item was taken over by another replica; leaving it to that one",
      );
    return done;
  }

  async function deliverDigest(item: OutboxItem, effect: Extract<Effect, { kind: "sync_digest" }>) {
    const digest = await deps.store.getDigest(effect.episodeId);
    if (!digest) {
      await deps.store.failOutbox(item.id, `storm digest ${effect.episodeId} no longer exists`, fence(item));
      return;
    }
    if (digest.slackTs === undefined) {
      const res = await calls.post(item, effect.channel, renderDigest(digest));
      await complete(item, res);
    } else if (Math.max(effect.revision, digest.revision) > (shownRevision.get(digest.id) ?? 0)) {
      await calls.update(item, digest.slackChannel ?? effect.channel, digest.slackTs, renderDigest(digest));
      await complete(item, {});
    } else {
      await complete(item, {});
      return;
    }
    if (shownRevision.size > 1000) shownRevision.clear();
    shownRevision.set(digest.id, Math.max(digest.revision, shownRevision.get(digest.id) ?? 0));
  }

  async function postRoot(item: OutboxItem, episode: Episode, channel: string): Promise<void> {
    const message = deps.renderEpisode(episode);
    let res: { channel: string; ts: string };
    try {
      res = await calls.post(item, channel, message);
    } catch (error) {
      if (
        !(error instanceof SlackDeliveryError) ||
        error.kind !== "channel" ||
        channel === options.fallbackChannel
      )
        throw error;
      deps.logger.warn(
        { channel, error: error.slackError },
        "alarm channel unusable; posting to the fallback channel",
      );
      res = await calls.post(item, options.fallbackChannel, {
        ...message,
        text: `(could not post to ${channel}: ${error.slackError}) ${message.text}`,
      });
    }
    if (await complete(item, res))
      deps.onRootPosted?.({ ...episode, slackChannel: res.channel, slackTs: res.ts });
  }

  /**
   * Later queued updates of the same message are dropped before this delivery reads the stored state: that
   * state already includes every change that queued them, so one call shows what all of them would.
   */
  async function supersedeLater(item: OutboxItem): Promise<void> {
    const kind = item.effect.kind;
    if (deps.store.supersedeOutbox === undefined || kind === "thread_reply") return;
    const dropped = await deps.store.supersedeOutbox(
      item.effect.episodeId,
      item.id,
      kind === "sync_digest" ? "sync_digest" : "update_root",
    );
    if (dropped > 0) deps.onSuperseded?.(dropped);
  }

  /**
   * The text-only thread replies queued right behind `item` (a flapping alarm's transitions, notes), to go out
   * in the same post: Slack allows about one post a second per channel, so a storm's replies would otherwise
   * keep Slack behind for minutes. Replies with blocks (checklists, change reports) keep their own message, and
   * a retry after an unknown outcome folds nothing, so the post it may find is exactly the one it would send.
   */
  async function foldableReplies(
    item: OutboxItem,
    effect: Reply,
    message: SlackMessage,
  ): Promise<{ item: OutboxItem; text: string }[]> {
    if (deps.store.pendingOutboxAfter === undefined || message.blocks || item.firstAttemptAt !== undefined)
      return [];
    const next = await deps.store.pendingOutboxAfter(effect.episodeId, item.id, MAX_FOLDED_REPLIES);
    const folded: { item: OutboxItem; text: string }[] = [];
    let chars = message.text.length;
    for (const n of next) {
      if (!isReply(n.effect) || n.firstAttemptAt !== undefined) break;
      const m = replyMessage(n.effect);
      if (m.blocks) break;
      chars += m.text.length + 1;
      if (chars > MAX_FOLDED_CHARS) break;
      folded.push({ item: n, text: m.text });
    }
    return folded;
  }

  async function deliverReply(item: OutboxItem, effect: Reply, channel: string, threadTs?: string) {
    const message = replyMessage(effect);
    const folded = await foldableReplies(item, effect, message);
    const text = [message.text, ...folded.map((f) => f.text)].join("\n");
    const reply = { text, ...(message.blocks && { blocks: message.blocks }) };
    await calls.post(item, channel, reply, threadTs);
    if (!(await complete(item, {}))) return;
    for (const f of folded) await deps.store.completeOutbox(f.item.id, {}, fence(f.item));
  }

  async function deliver(item: OutboxItem): Promise<void> {
    const effect = item.effect;
    await supersedeLater(item);
    if (effect.kind === "sync_digest") return deliverDigest(item, effect);
    const episode = await deps.store.getEpisode(effect.episodeId);
    if (!episode) {
      await deps.store.failOutbox(item.id, `episode ${effect.episodeId} no longer exists`, fence(item));
      return;
    }
    if (episode.digestId !== undefined) {
      // A storm-digest member has no message of its own; its digest shows it.
      await complete(item, {});
      return;
    }
    if (effect.kind === "post_root" || (effect.kind === "update_root" && episode.slackTs === undefined)) {
      await postRoot(item, episode, effect.channel);
      return;
    }
    const channel = episode.slackChannel ?? effect.channel;
    if (effect.kind === "thread_reply") return deliverReply(item, effect, channel, episode.slackTs);
    if (episode.slackTs !== undefined)
      await calls.update(item, channel, episode.slackTs, deps.renderEpisode(episode));
    await complete(item, {});
  }

  return {
    deliver,
    complete,
    alreadyShown: (item) =>
      item.effect.kind === "sync_digest" &&
      item.effect.revision <= (shownRevision.get(item.effect.episodeId) ?? 0),
  };
}
