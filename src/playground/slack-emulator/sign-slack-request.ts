import { createHmac } from "node:crypto";

/**
 * Computes Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the
 * signing secret as plain UTF-8. The body must be the exact raw bytes sent (before any parsing), and the
 * timestamp the same value sent in `X-Slack-Request-Timestamp`, otherwise verification on the receiving side fails.
 */
export function signSlackRequest(signingSecret: string, timestamp: number | string, rawBody: string): string {
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`v0:${timestamp}:${rawBody}`);
  return `v0=${hmac.digest("hex")}`;
}
