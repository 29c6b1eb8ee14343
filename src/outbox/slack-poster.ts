import type { WebClient } from "@slack/web-api";
import type { SlackMessage } from "../slack/slack-message.js";
import { SlackDeliveryError } from "./errors.js";
import {
  createPostFinder,
  type FindPostedQuery,
  type FindPostedResult,
  markerMetadata,
  type PostMarker,
} from "./find-posted.js";

export type { FindPostedQuery, FindPostedResult, PostMarker } from "./find-posted.js";

/** The Slack calls the outbox makes. Errors are always {@link SlackDeliveryError}. */
export interface SlackPoster {
  postMessage(
    channel: string,
    message: SlackMessage,
    threadTs?: string,
    marker?: PostMarker,
  ): Promise<{ channel: string; ts: string }>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  join(channel: string): Promise<void>;
  /** Looks for a post carrying `marker` (one whose outcome was unknown) instead of posting it again. */
  findPosted(channel: string, marker: PostMarker, query: FindPostedQuery): Promise<FindPostedResult>;
}

const CHANNEL_ERRORS = new Set(["channel_not_found", "is_archived", "not_in_channel", "restricted_action"]);
const AUTH_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "missing_scope",
]);
const PAYLOAD_ERRORS = new Set([
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "no_text",
  "invalid_arguments",
]);

interface SlackLikeError {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  original?: unknown;
}

// Failures that prove the request never reached Slack: safe to send again.
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The error codes along an error's `cause` chain (bounded: causes can be cyclic). */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === "object" && e !== null; depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === "string") codes.push(code);
    if (name === "TimeoutError" || name === "AbortError") codes.push(name);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * A request error (no HTTP answer) is `unknown` unless it proves the request was never sent: after a client
 * time-out or a reset connection Slack may well have stored the message.
 */
function requestFailure(error: unknown, original: unknown, message: string): SlackDeliveryError {
  const codes = causeCodes(original);
  if (codes.some((c) => NOT_SENT.has(c)))
    return new SlackDeliveryError("transient", `Slack unreachable: ${message}`, { cause: error });
  return new SlackDeliveryError(
    "unknown",
    `Slack did not answer (${codes.join(", ") || "no response"}); the call may have been carried out`,
    { cause: error },
  );
}

/** Maps a `@slack/web-api` failure to a {@link SlackDeliveryError} the outbox can act on. */
export function classifySlackError(error: unknown): SlackDeliveryError {
  const e = (typeof error === "object" && error !== null ? error : {}) as SlackLikeError;
  const message = error instanceof Error ? error.message : String(error);
  if (e.code === "slack_webapi_rate_limited_error") {
    return new SlackDeliveryError("rate_limited", "Slack rate limited the call", {
      cause: error,
      retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000,
    });
  }
  if (e.code === "slack_webapi_platform_error") {
    const slackError = e.data?.error ?? "unknown_error";
    const kind = CHANNEL_ERRORS.has(slackError)
      ? "channel"
      : AUTH_ERRORS.has(slackError)
        ? "auth"
        : PAYLOAD_ERRORS.has(slackError)
          ? "payload"
          : slackError === "ratelimited"
            ? "rate_limited"
            : slackError === "internal_error" ||
                slackError === "fatal_error" ||
                slackError === "service_unavailable"
              ? "transient"
              : "permanent";
    return new SlackDeliveryError(kind, `Slack refused the call: ${slackError}`, {
      cause: error,
      slackError,
    });
  }
  if (e.code === "slack_webapi_request_error") return requestFailure(error, e.original, message);
  // A gateway time-out means Slack's edge gave up waiting, not that the call failed.
  if (e.code === "slack_webapi_http_error" && (e.statusCode === 502 || e.statusCode === 504))
    return new SlackDeliveryError("unknown", `Slack's gateway answered ${e.statusCode}: ${message}`, {
      cause: error,
    });
  return new SlackDeliveryError("transient", `Slack unreachable or failing: ${message}`, { cause: error });
}

/**
 * Adapts a `WebClient` (built by the wiring with retries off and rate-limited calls rejected) to the outbox's
 * port, so retries and `Retry-After` are handled in one place: the outbox, which persists them. `channelId` turns
 * a configured `#name` into the ID `conversations.join` requires (names are passed through when it is absent).
 */
export function createSlackPoster(
  client: WebClient,
  channelId: (channel: string) => Promise<string | undefined> = async (channel) => channel,
): SlackPoster {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw classifySlackError(error);
    }
  };
  const finder = createPostFinder(client, call);
  return {
    async postMessage(channel, message, threadTs, marker) {
      const res = await call(() =>
        client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks && { blocks: [...message.blocks] }),
          ...(threadTs !== undefined && { thread_ts: threadTs }),
          ...(marker !== undefined && { metadata: markerMetadata(marker) }),
          // Untrusted alarm text must not become mentions or links, whatever the blocks contain.
          parse: "none",
          link_names: false,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!res.ts || !res.channel)
        throw new SlackDeliveryError("unknown", "Slack answered without ts/channel");
      finder.learn(channel, res.channel);
      return { channel: res.channel, ts: res.ts };
    },
    async update(channel, ts, message) {
      await call(() =>
        client.chat.update({
          channel,
          ts,
          text: message.text,
          parse: "none",
          link_names: false,
          ...(message.blocks && { blocks: [...message.blocks] }),
        }),
      );
    },
    async join(channel) {
      const id = await call(() => channelId(channel));
      if (id === undefined) {
        throw new SlackDeliveryError(
          "channel",
          `klaxon is not in ${channel} and cannot find it: check the name, or invite klaxon (/invite @klaxon)`,
          { slackError: "not_in_channel" },
        );
      }
      await call(() => client.conversations.join({ channel: id }));
    },
    findPosted: (channel, marker, query) => finder.find(channel, marker, query),
  };
}
