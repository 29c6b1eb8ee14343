import type { OutboxItem } from "../store/store.js";
import { backoffMs } from "./backoff.js";
import { SlackPacer } from "./channel-pacer.js";
import { callKind, createEffectDelivery, type DeliveryDeps } from "./deliver-effect.js";
import { SlackDeliveryError } from "./errors.js";
import { ClaimLostError } from "./outbox-calls.js";

/** The delivery's deps, plus the loop's: backoff jitter and the hooks told how each delivery went. */
export interface OutboxDeps extends DeliveryDeps {
  readonly random?: (() => number) | undefined;
  readonly onDelivered?: (item: OutboxItem, ms: number) => void;
  readonly onFailure?: (item: OutboxItem, error: SlackDeliveryError) => void;
}

/** Items claimed per pass. */
const BATCH_SIZE = 100;
// A channel takes a post about once a second, so a pass rarely sends more than a few items of one channel.
const BATCH_SHARE_PER_CHANNEL = 10;

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
 * The outbox worker's loop: claims due items, paces them by Slack's own limits, hands each to the delivery policy
 * (`deliver-effect.ts`) in order per episode, and schedules retries with backoff, honouring Retry-After. Nothing
 * is removed until Slack has accepted it, so a crash or a Slack outage only delays alarms; on start, everything
 * still pending is sent.
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
  const delivery = createEffectDelivery(deps, {
    fallbackChannel: options.fallbackChannel,
    ...(options.searchMarginMs !== undefined && { searchMarginMs: options.searchMarginMs }),
  });
  const fence = (item: OutboxItem) => (item.claim === undefined ? {} : { claim: item.claim });

  /**
   * The retry policy. Slack refusing a call (429, an error answer, a 5xx) is certain: the item is retried or
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
        : isProgrammingError(error)
          ? new SlackDeliveryError(
              "permanent",
              `klaxon failed to build or record this delivery (${String(error)}); this is a bug in klaxon, please report it with this log line`,
              { cause: error },
            )
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
    nextPaceMs = Number.POSITIVE_INFINITY;
    // One channel fills at most a share of the batch: a backlog in one channel cannot fill it and hold back the
    // channels that may go now.
    const items = await deps.store.dueOutbox(deps.clock(), BATCH_SIZE, BATCH_SHARE_PER_CHANNEL);
    const passStarted = now();
    let handled = 0;
    for (const item of items) {
      // The whole batch was claimed up front and claims expire: a late item is left for the next pass to re-claim.
      if (now() - passStarted >= maxPassMs) break;
      const channel = item.effect.channel;
      if (delivery.alreadyShown(item)) {
        // Nothing new to show: done without a Slack call, so it must not use up the channel's pace.
        await delivery.complete(item, {});
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
        await delivery.deliver(item);
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
      const end = now() + deadlineMs;
      // Measured by the injected clock; the count of 50 ms pauses bounds it too, so a held clock cannot hang it.
      for (let round = 0; now() < end && round * 50 < deadlineMs; round++) {
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

// The Slack poster turns every failed call into a SlackDeliveryError, so one of these came from klaxon's own code
// (rendering a message, say). Retrying it forever would hold every later message of the episode behind it.
function isProgrammingError(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError
  );
}
