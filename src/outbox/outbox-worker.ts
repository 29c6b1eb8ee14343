import type { Episode } from "../incidents/episode.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
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
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let inFlight: Promise<number> | undefined;

  const now = () => deps.clock().getTime();

  async function deliver(item: OutboxItem): Promise<void> {
    const effect = item.effect;
    const episode = await deps.store.getEpisode(effect.episodeId);
    if (!episode) {
      await deps.store.failOutbox(item.id, `episode ${effect.episodeId} no longer exists`);
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

  async function runOnce(): Promise<number> {
    const items = await deps.store.dueOutbox(deps.clock(), 100);
    let handled = 0;
    for (const item of items) {
      const channel = item.effect.channel;
      if (pacer.waitMs(channel, now()) > 0) continue;
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
        timer = setTimeout(resolve, Math.min(idleMs, 250));
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
