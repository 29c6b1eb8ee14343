import type { Effect } from "../incidents/effects.js";
import type { Episode } from "../incidents/episode.js";
import type { StormDigest } from "../incidents/storm-digest.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { buildStormDigest } from "../slack/blocks/storm-digest.js";
import type { OutboxItem, Store } from "../store/store.js";
import { backoffMs } from "./backoff.js";
import { type SlackCallKind, SlackPacer } from "./channel-pacer.js";
import { SlackDeliveryError } from "./errors.js";
import { ClaimLostError, createOutboxCalls } from "./outbox-calls.js";
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
  readonly random?: (() => number) | undefined;
  readonly onDelivered?: (item: OutboxItem, ms: number) => void;
  readonly onFailure?: (item: OutboxItem, error: SlackDeliveryError) => void;
  /** Called with the number of queued updates dropped because a delivery about to happen shows them. */
  readonly onSuperseded?: (count: number) => void;
  /** Called once an episode's root message exists in Slack (for follow-ups such as the first-look summary). */
  readonly onRootPosted?: (episode: Episode) => void;
}

export interface OutboxOptions {
  readonly postsPerSecondPerChannel: number;
  /** `chat.update`'s workspace-wide limit; defaults to Slack's Tier 3 (`CHAT_UPDATE_LIMIT`). */
  readonly updateLimit?: { readonly perMinute: number; readonly burst: number };
  /** Where a root post goes when its channel is gone or closed to the bot. */
  readonly fallbackChannel: string;
  /** Payload/permanent errors are retried this many times before the item is marked failed. */
  readonly maxPermanentAttempts?: number;
  readonly idlePollMs?: number;
  /**
   * A pass starts no delivery after this long; the next pass claims the rest again. Keep it well under the
   * store's claim lease (DynamoDB: 30 s), or another replica may take over an item this one is about to send.
   */
  readonly maxPassMs?: number | undefined;
  /**
   * A post whose outcome was unknown is looked for from this long before its first attempt (the host's clock and
   * Slack's may differ). Default 2 min.
   */
  readonly searchMarginMs?: number;
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
 * The Slack limit an item's delivery draws on: a root update is a `chat.update` (its root post came first, in
 * order); a digest is posted once, then updated, so it waits for both.
 */
function callKind(item: OutboxItem): SlackCallKind {
  const kind = item.effect.kind;
  return kind === "update_root" ? "update" : kind === "sync_digest" ? "post_or_update" : "post";
}

/** At most this many queued thread replies go out as one post, and at most this many characters. */
const MAX_FOLDED_REPLIES = 20;
const MAX_FOLDED_CHARS = 3_000;

/**
 * The outbox worker: delivers stored Slack effects in order per episode, paced per channel, retrying with backoff
 * and honouring Retry-After. Nothing is removed until Slack has accepted it, so a crash or a Slack outage only
 * delays alarms; on start, everything still pending is sent.
 */
export function createOutboxWorker(deps: OutboxDeps, options: OutboxOptions): OutboxWorker {
  const pacer = new SlackPacer(options.postsPerSecondPerChannel, options.updateLimit);
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

  const calls = createOutboxCalls(deps, options.searchMarginMs ?? 120_000);
  const fence = (item: OutboxItem) => (item.claim === undefined ? {} : { claim: item.claim });

  /** Marks the item delivered under its claim; false (and nothing written) when another replica took it over. */
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
    effect: Extract<Effect, { kind: "thread_reply" }>,
  ): Promise<{ item: OutboxItem; text: string }[]> {
    if (deps.store.pendingOutboxAfter === undefined || effect.blocks || item.firstAttemptAt !== undefined)
      return [];
    const next = await deps.store.pendingOutboxAfter(effect.episodeId, item.id, MAX_FOLDED_REPLIES);
    const folded: { item: OutboxItem; text: string }[] = [];
    let chars = effect.text.length;
    for (const n of next) {
      const e = n.effect;
      if (e.kind !== "thread_reply" || e.blocks || n.firstAttemptAt !== undefined) break;
      chars += e.text.length + 1;
      if (chars > MAX_FOLDED_CHARS) break;
      folded.push({ item: n, text: e.text });
    }
    return folded;
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
    if (effect.kind === "update_root" && episode.slackTs !== undefined) {
      await calls.update(item, channel, episode.slackTs, deps.renderEpisode(episode));
    } else if (effect.kind === "thread_reply") {
      const folded = await foldableReplies(item, effect);
      const text = [effect.text, ...folded.map((f) => f.text)].join("\n");
      const reply = { text, ...(effect.blocks && { blocks: effect.blocks }) };
      await calls.post(item, channel, reply, episode.slackTs);
      if (!(await complete(item, {}))) return;
      for (const f of folded) await deps.store.completeOutbox(f.item.id, {}, fence(f.item));
      return;
    }
    await complete(item, {});
  }

  /**
   * The delivery policy. Slack refusing a call (429, an error answer, a 5xx) is certain: the item is retried or
   * given up. A call with no answer (`unknown`), or a failure after Slack answered (the store), may have left a
   * message in Slack: it is retried like a transient failure but keeps its first attempt time, so the next
   * attempt looks for that message before posting.
   */
  async function handleFailure(item: OutboxItem, error: unknown): Promise<void> {
    if (error instanceof ClaimLostError) {
      deps.logger.info({ item: item.id }, "outbox item was taken over by another replica; not sending it");
      return;
    }
    const e =
      error instanceof SlackDeliveryError
        ? error
        : new SlackDeliveryError("unknown", String(error), { cause: error });
    deps.onFailure?.(item, e);
    const channel = item.effect.channel;
    const attempt = item.attempts + 1;
    // Only this attempt recorded the first attempt time and Slack refused it for certain: nothing to look for.
    const retryOptions = {
      ...fence(item),
      ...(e.kind !== "unknown" && item.firstAttemptAt === undefined && { forgetAttempt: true }),
    };
    if (e.kind === "rate_limited") {
      const wait = e.retryAfterMs ?? 1000;
      pacer.pause(callKind(item), channel, now(), wait);
      await deps.store.retryOutbox(item.id, e.message, new Date(now() + wait), retryOptions);
      return;
    }
    if ((e.kind === "payload" || e.kind === "permanent" || e.kind === "channel") && attempt >= maxPermanent) {
      deps.logger.error(
        { item: item.id, error: e.message },
        "Slack keeps refusing this message; giving up on it (kept in the outbox as failed)",
      );
      await deps.store.failOutbox(item.id, e.message, fence(item));
      return;
    }
    if (e.kind === "unknown")
      deps.logger.warn(
        { item: item.id, error: e.message },
        "Slack's answer is unknown; the next attempt looks for the message before sending it again",
      );
    // Auth failures are an operator problem, not the alarm's: keep retrying slowly so nothing is lost.
    const wait =
      e.kind === "auth" ? Math.max(60_000, backoffMs(attempt, deps.random)) : backoffMs(attempt, deps.random);
    if (e.kind === "auth")
      deps.logger.error(
        { error: e.slackError },
        "Slack rejects the bot token; check SLACK_BOT_TOKEN and the app's scopes",
      );
    await deps.store.retryOutbox(item.id, e.message, new Date(now() + wait), retryOptions);
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
        await complete(item, {});
        handled++;
        continue;
      }
      const kind = callKind(item);
      const wait = pacer.waitMs(kind, channel, now());
      if (wait > 0) {
        nextPaceMs = Math.min(nextPaceMs, wait);
        continue;
      }
      pacer.taken(kind, channel, now());
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
