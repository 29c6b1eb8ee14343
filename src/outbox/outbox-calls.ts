import type { Logger } from "../shared/logger.js";
import type { SlackMessage } from "../slack/slack-message.js";
import type { OutboxItem, Store } from "../store/store.js";
import { SlackDeliveryError } from "./errors.js";
import type { PostMarker, SlackPoster } from "./slack-poster.js";

/** Thrown when another replica took an item over: this replica must neither call Slack nor write about it. */
export class ClaimLostError extends Error {
  override name = "ClaimLostError";
  constructor(readonly itemId: number) {
    super(`outbox item ${itemId} was taken over by another replica`);
  }
}

export interface OutboxCallsDeps {
  readonly store: Store;
  readonly slack: SlackPoster;
  readonly clock: () => Date;
  readonly logger: Logger;
}

// What the on-call person should do when klaxon cannot read a channel to find a post whose outcome was unknown.
const SEARCH_FIXES: Readonly<Record<string, string>> = {
  missing_scope:
    "add the channels:history and groups:history bot scopes to the Slack app (slack-manifest.yaml) and reinstall it",
  not_in_channel: "invite the bot to the channel",
};

/**
 * The Slack calls of one outbox item, each made under the item's claim (renewed first, so it cannot expire while
 * the call is in flight; a lost claim stops the delivery). Posts carry the item's marker and are looked for before
 * being sent again when an earlier attempt may have reached Slack, so a time-out or a reset connection after
 * Slack stored the message does not post it twice.
 */
export function createOutboxCalls(deps: OutboxCallsDeps, searchMarginMs: number) {
  const warned = new Set<string>();

  async function call<T>(item: OutboxItem, fn: () => Promise<T>, recordAttempt = false): Promise<T> {
    const held = await deps.store.holdOutbox(item.id, {
      ...(item.claim !== undefined && { claim: item.claim }),
      ...(recordAttempt && { attemptAt: deps.clock() }),
    });
    if (!held) throw new ClaimLostError(item.id);
    return fn();
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

  function warnUnsearchable(channel: string, reason: string): void {
    const key = `${reason}:${channel}`;
    if (warned.has(key)) return;
    if (warned.size > 1000) warned.clear();
    warned.add(key);
    deps.logger.warn(
      { channel, error: reason, fix: SEARCH_FIXES[reason] ?? "check the channel and the bot's scopes" },
      "cannot look for a Slack post whose outcome was unknown; posting it again (it may show twice)",
    );
  }

  /** The post an earlier, uncertain attempt of `item` may have left in Slack, if it is there. */
  async function lookFor(
    item: OutboxItem,
    channel: string,
    marker: PostMarker,
    threadTs: string | undefined,
  ): Promise<{ channel: string; ts: string } | undefined> {
    if (item.firstAttemptAt === undefined) return undefined;
    const since = new Date(Date.parse(item.firstAttemptAt) - searchMarginMs);
    const found = await call(item, () =>
      deps.slack.findPosted(channel, marker, { since, ...(threadTs !== undefined && { threadTs }) }),
    );
    if (found.status === "found") {
      deps.logger.info(
        { item: item.id, channel: found.channel, ts: found.ts },
        "found the message of an earlier attempt in Slack; adopting it instead of posting again",
      );
      return { channel: found.channel, ts: found.ts };
    }
    if (found.status === "unsearchable") warnUnsearchable(channel, found.reason);
    return undefined;
  }

  /** Posts `message` for `item` (a thread reply given `threadTs`) unless an earlier attempt already did. */
  async function post(
    item: OutboxItem,
    channel: string,
    message: SlackMessage,
    threadTs?: string,
  ): Promise<{ channel: string; ts: string }> {
    const marker: PostMarker = { outboxId: item.id, episodeId: item.effect.episodeId };
    const earlier = await lookFor(item, channel, marker, threadTs);
    if (earlier) return earlier;
    const send = () =>
      withTextFallback(message, (m) =>
        call(item, () => deps.slack.postMessage(channel, m, threadTs, marker), true),
      );
    try {
      return await send();
    } catch (error) {
      if (
        threadTs === undefined &&
        error instanceof SlackDeliveryError &&
        error.slackError === "not_in_channel"
      ) {
        await call(item, () => deps.slack.join(channel));
        return send();
      }
      throw error;
    }
  }

  return {
    post,
    /** `chat.update` sets the whole message, so repeating it after an unknown outcome is harmless. */
    update: (item: OutboxItem, channel: string, ts: string, message: SlackMessage) =>
      withTextFallback(message, (m) => call(item, () => deps.slack.update(channel, ts, m))),
  };
}
