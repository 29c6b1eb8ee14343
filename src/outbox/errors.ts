import { KlaxonError } from "../shared/klaxon-error.js";

/**
 * How a failed Slack call should be handled by the outbox. `unknown`: the request was sent but no answer came
 * back (client time-out, connection reset), so Slack may have carried it out; a post is looked for before it
 * is sent again.
 */
export type DeliveryFailureKind =
  | "rate_limited"
  | "transient"
  | "unknown"
  | "auth"
  | "channel"
  | "payload"
  | "permanent";

/** A Slack Web API call that did not succeed, classified so the outbox knows whether and when to retry. */
export class SlackDeliveryError extends KlaxonError {
  override name = "SlackDeliveryError";
  readonly kind: DeliveryFailureKind;
  /** Slack's `Retry-After`, in milliseconds, for rate-limited calls. */
  readonly retryAfterMs?: number;
  /** Slack's `error` string (`channel_not_found`, `invalid_blocks`…) when there is one. */
  readonly slackError?: string;

  constructor(
    kind: DeliveryFailureKind,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number; slackError?: string } = {},
  ) {
    super(`slack_${kind}`, message, { cause: options.cause });
    this.kind = kind;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.slackError !== undefined) this.slackError = options.slackError;
  }
}
