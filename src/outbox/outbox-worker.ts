import type { Effect } from "../incidents/effects.js";
import type { Episode } from "../incidents/episode.js";
import type { StormDigest } from "../incidents/storm-digest.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { buildStormDigest } from "../slack/blocks/storm-digest.js";
import type { OutboxItem, Store } from "../store/store.js";
import { backoffMs } from "./backoff.js";
import { ChannelPacer } from "./channel-pacer.js";
import { SlackDeliveryError } from "./errors.js";
import type { SlackMessage, SlackPoster } from "./slack-poster.js";

export interface OutboxDeps {
  readonly store: Store;
  readonly slack: SlackPoster;
  /** Renders an episode's root message; called at delivery time so the newest state is shown. */
  readonly renderEpisode: (episode: Episode) => SlackMessage;
  /** Renders a storm digest; defaults to `buildStormDigest`. */
  readonly renderDigest?: (digest: StormDigest) => SlackMessage;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random?: () => number;
  readonly onDelivered?: (item: OutboxItem, ms: number) => void;
  readonly onFailure?: (item: OutboxItem, error: SlackDeliveryError) => void;
  /** Called once an episode's root message exists in Slack (for follow-ups such as the first-look summary). */
  readonly onRootPosted?: (episode: Episode) => void;
}

export interface OutboxOptions {
  readonly postsPerSecondPerChannel: number;
  /** Where a root post goes when its channel is gone or closed to the bot. */
  readonly fallbackChannel: string;
  /** Payload/permanent errors are retried this many times before the item is marked failed. */
  readonly maxPermanentAttempts?: number;
  readonly idlePollMs?: number;
  /**
   * A pass starts no delivery after this long; the next pass claims the rest again. Keep it well under the
   * store's claim lease (DynamoDB: 30 s), or another replica may take over an item this one is about to send.
   */
  readonly maxPassMs?: number;
}

export interface OutboxWorker {
  start(): void;
  /** Wakes the worker now (new items were enqueued). */
  kick(): void;
  /** Delivers everything due, once; returns how many items were handled. For tests and draining. */
  runOnce(): Promise<number>;
  /** Stops taking items; resolves when the outbox is empty or the deadline passes. */
  drain(deadlineMs: number): Promise<{ pending: number }>;
  stop(): Promise<void>;
}

/**
 * The outbox worker: delivers stored Slack effects in order per episode, paced per channel, retrying with backoff
 * and honouring Retry-After. Nothing is removed until Slack has accepted it, so a crash or a Slack outage only
 * delays alarms; on start, everything still pending is sent.
 */
export function createOutboxWorker(deps: OutboxDeps, options: OutboxOptions): OutboxWorker {
  const pacer = new ChannelPacer(options.postsPerSecondPerChannel);
  const maxPermanent = options.maxPermanentAttempts ?? 3;
  const idleMs = options.idlePollMs ?? 1000;
  const maxPassMs = options.maxPassMs ?? 5_000;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let inFlight: Promise<number> | undefined;

  const now = () => deps.clock().getTime();
  const renderDigest = deps.renderDigest ?? buildStormDigest;
  // The newest digest revision shown in Slack per digest: a queued update for an older one has nothing new.
  const shownRevision = new Map<string, number>();

  const alreadyShown = (item: OutboxItem): boolean =>
    item.effect.kind === "sync_digest" &&
    item.effect.revision <= (shownRevision.get(item.effect.episodeId) ?? 0);

  async function deliverDigest(item: OutboxItem, effect: Extract<Effect, { kind: "sync_digest" }>) {
    const digest = await deps.store.getDigest(effect.episodeId);
    if (!digest) {
      await deps.store.failOutbox(item.id, `storm digest ${effect.episodeId} no longer exists`);
      return;
    }
    if (digest.slackTs === undefined) {
      const res = await postWithJoin(effect.channel, renderDigest(digest));
      await deps.store.completeOutbox(item.id, res);
    } else if (effect.revision > (shownRevision.get(digest.id) ?? 0)) {
      const ts = digest.slackTs;
      const channel = digest.slackChannel ?? effect.channel;
      await withTextFallback(renderDigest(digest), (m) => deps.slack.update(channel, ts, m));
      await deps.store.completeOutbox(item.id, {});
    } else {
      await deps.store.completeOutbox(item.id, {});
      return;
    }
    if (shownRevision.size > 1000) shownRevision.clear();
    shownRevision.set(digest.id, Math.max(digest.revision, shownRevision.get(digest.id) ?? 0));
  }

  async function deliver(item: OutboxItem): Promise<void> {
    const effect = item.effect;
    if (effect.kind === "sync_digest") return deliverDigest(item, effect);
    const episode = await deps.store.getEpisode(effect.episodeId);
    if (!episode) {
      await deps.store.failOutbox(item.id, `episode ${effect.episodeId} no longer exists`);
      return;
    }
    if (episode.digestId !== undefined) {
      // A storm-digest member has no message of its own; its digest shows it.
      await deps.store.completeOutbox(item.id, {});
      return;
    }
    if (effect.kind === "post_root" || (effect.kind === "update_root" && episode.slackTs === undefined)) {
      const message = deps.renderEpisode(episode);
      let target = effect.channel;
      try {
        const res = await postWithJoin(target, message);
        await deps.store.completeOutbox(item.id, res);
        deps.onRootPosted?.({ ...episode, slackChannel: res.channel, slackTs: res.ts });
      } catch (error) {
        if (
          !(error instanceof SlackDeliveryError) ||
          error.kind !== "channel" ||
          target === options.fallbackChannel
        )
          throw error;
        deps.logger.warn(
          { channel: target, error: error.slackError },
          "alarm channel unusable; posting to the fallback channel",
        );
        target = options.fallbackChannel;
        const res = await postWithJoin(target, {
          ...message,
          text: `(could not post to ${effect.channel}: ${error.slackError}) ${message.text}`,
        });
        await deps.store.completeOutbox(item.id, res);
        deps.onRootPosted?.({ ...episode, slackChannel: res.channel, slackTs: res.ts });
      }
      return;
    }
    const channel = episode.slackChannel ?? effect.channel;
    if (effect.kind === "update_root" && episode.slackTs !== undefined) {
      const ts = episode.slackTs;
      await withTextFallback(deps.renderEpisode(episode), (m) => deps.slack.update(channel, ts, m));
    } else if (effect.kind === "thread_reply") {
      const reply = { text: effect.text, ...(effect.blocks && { blocks: effect.blocks }) };
      await withTextFallback(reply, (m) => deps.slack.postMessage(channel, m, episode.slackTs));
    }
    await deps.store.completeOutbox(item.id, {});
  }

  /** Slack refusing the blocks must not lose the alarm: the same message goes out again as text only. */
  async function withTextFallback<T>(
    message: SlackMessage,
    send: (m: SlackMessage) => Promise<T>,
  ): Promise<T> {
    try {
      return await send(message);
    } catch (error) {
      if (!(error instanceof SlackDeliveryError) || error.kind !== "payload" || !message.blocks) throw error;
      deps.logger.warn({ error: error.slackError }, "Slack refused the message blocks; sending text only");
      return send({ text: message.text });
    }
  }

  async function postWithJoin(
    channel: string,
    message: SlackMessage,
  ): Promise<{ channel: string; ts: string }> {
    try {
      return await withTextFallback(message, (m) => deps.slack.postMessage(channel, m));
    } catch (error) {
      if (error instanceof SlackDeliveryError && error.slackError === "not_in_channel") {
        await deps.slack.join(channel);
        return withTextFallback(message, (m) => deps.slack.postMessage(channel, m));
      }
      throw error;
    }
  }

  async function handleFailure(item: OutboxItem, error: unknown): Promise<void> {
    const e =
      error instanceof SlackDeliveryError
        ? error
        : new SlackDeliveryError("transient", String(error), { cause: error });
    deps.onFailure?.(item, e);
    const channel = item.effect.channel;
    const attempt = item.attempts + 1;
    if (e.kind === "rate_limited") {
      const wait = e.retryAfterMs ?? 1000;
      pacer.pause(channel, now(), wait);
      await deps.store.retryOutbox(item.id, e.message, new Date(now() + wait));
      return;
    }
    if ((e.kind === "payload" || e.kind === "permanent" || e.kind === "channel") && attempt >= maxPermanent) {
      deps.logger.error(
        { item: item.id, error: e.message },
        "Slack keeps refusing this message; giving up on it (kept in the outbox as failed)",
      );
      await deps.store.failOutbox(item.id, e.message);
      return;
    }
    // Auth failures are an operator problem, not the alarm's: keep retrying slowly so nothing is lost.
    const wait =
      e.kind === "auth" ? Math.max(60_000, backoffMs(attempt, deps.random)) : backoffMs(attempt, deps.random);
    if (e.kind === "auth")
      deps.logger.error(
        { error: e.slackError },
        "Slack rejects the bot token; check SLACK_BOT_TOKEN and the app's scopes",
      );
    await deps.store.retryOutbox(item.id, e.message, new Date(now() + wait));
  }

  let nextPaceMs = Number.POSITIVE_INFINITY;

  async function runOnce(): Promise<number> {
    const items = await deps.store.dueOutbox(deps.clock(), 100);
    const passStarted = now();
    let handled = 0;
    nextPaceMs = Number.POSITIVE_INFINITY;
    for (const item of items) {
      // The whole batch was claimed up front and claims expire: a late item is left for the next pass to re-claim.
      if (now() - passStarted >= maxPassMs) break;
      const channel = item.effect.channel;
      if (alreadyShown(item)) {
        // Nothing new to show: done without a Slack call, so it must not use up the channel's pace.
        await deps.store.completeOutbox(item.id, {});
        handled++;
        continue;
      }
      const wait = pacer.waitMs(channel, now());
      if (wait > 0) {
        nextPaceMs = Math.min(nextPaceMs, wait);
        continue;
      }
      pacer.taken(channel, now());
      const started = now();
      try {
        await deliver(item);
        deps.onDelivered?.(item, now() - started);
      } catch (error) {
        await handleFailure(item, error);
      }
      handled++;
    }
    return handled;
  }

  async function run(): Promise<void> {
    while (running) {
      inFlight = runOnce();
      let handled = 0;
      try {
        handled = await inFlight;
      } catch (error) {
        deps.logger.error({ err: error }, "outbox pass failed; retrying");
      }
      if (!running) break;
      if (handled > 0) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        // Wake when the first paced channel frees up rather than after a fixed idle pause.
        timer = setTimeout(resolve, Math.max(10, Math.min(idleMs, 250, nextPaceMs)));
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    kick() {
      wake?.();
    },
    runOnce,
    async drain(deadlineMs) {
      const end = Date.now() + deadlineMs;
      while (Date.now() < end) {
        const pending = await deps.store.pendingOutboxCount();
        if (pending === 0) return { pending: 0 };
        if (!running) await runOnce();
        await new Promise((r) => setTimeout(r, 50));
      }
      return { pending: await deps.store.pendingOutboxCount() };
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
      await inFlight?.catch(() => 0);
    },
  };
}
