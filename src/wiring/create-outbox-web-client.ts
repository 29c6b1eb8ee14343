import { LogLevel } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import type { Logger } from "../shared/logger.js";
import { createSlackLogger } from "../slack/slack-logger.js";

/**
 * The Web API client the outbox and the channel directory call: no retries of its own (the outbox retries, and
 * knows when a call may have been carried out), a 429 rejected at once with its Retry-After, a time-out, and only
 * its errors logged (the outbox logs every failed call with what it does next).
 */
export function createOutboxWebClient(options: {
  readonly token: string | undefined;
  readonly slackApiUrl: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly logger: Logger;
}): WebClient {
  return new WebClient(options.token, {
    slackApiUrl: options.slackApiUrl,
    fetch: options.fetch,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs,
    logger: createSlackLogger(options.logger, LogLevel.ERROR),
  });
}
