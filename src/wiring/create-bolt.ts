import { App, LogLevel, SocketModeReceiver } from "@slack/bolt";
import type { Config } from "../config/load-config.js";
import { systemClock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { AckFirstReceiver } from "../slack/ack-first-receiver.js";
import { createSlackLogger, registerSlackErrorLogging } from "../slack/slack-logger.js";
import { MAX_SLACK_BODY_BYTES } from "../slack/slack-request-guard.js";

/**
 * The Bolt app for the configured mode: Socket Mode (with an app token), otherwise HTTP, whose receiver klaxon's
 * own server calls for `/slack/events`. Bolt, its receivers and its WebClient log through klaxon's logger; its Web
 * API calls and `respond()` answers go through `slackFetch`.
 */
export function createBolt(
  config: Config,
  logger: Logger,
  slackFetch: typeof fetch,
): { app: App; receiver?: AckFirstReceiver } {
  const e = config.env;
  // Bolt's respond() takes its fetch from here too.
  const clientOptions = { slackApiUrl: e.SLACK_API_URL, fetch: slackFetch };
  const boltLogLevel =
    e.KLAXON_LOG_LEVEL === "debug" || e.KLAXON_LOG_LEVEL === "trace" ? LogLevel.DEBUG : LogLevel.WARN;
  // Bolt, its receivers and its WebClient log through klaxon's pino logger: JSON lines only.
  const boltLogger = createSlackLogger(logger, boltLogLevel);
  const appOptions = {
    token: e.SLACK_BOT_TOKEN,
    clientOptions,
    logger: boltLogger,
    logLevel: boltLogLevel,
    extendedErrorHandler: true,
    // No listener reads context.conversation; Bolt's default store would run a lookup before every ack.
    convoStore: false as const,
  };
  if (config.mode === "socket" && e.SLACK_APP_TOKEN) {
    // The Socket Mode client calls apps.connections.open itself: without clientOptions it ignores SLACK_API_URL.
    const receiver = new SocketModeReceiver({
      appToken: e.SLACK_APP_TOKEN,
      logger: boltLogger,
      logLevel: boltLogLevel,
      installerOptions: { clientOptions },
    });
    const app = new App({ ...appOptions, receiver });
    registerSlackErrorLogging(app, logger);
    return { app };
  }
  // Acks commands and clicks before Bolt runs their listeners; checks the signature as Bolt's receiver does.
  const receiver = new AckFirstReceiver({
    signingSecret: e.SLACK_SIGNING_SECRET ?? "",
    clock: systemClock,
    logger,
    maxBodyBytes: MAX_SLACK_BODY_BYTES,
    fetch: slackFetch,
  });
  logger.debug({ mode: config.mode }, "Slack over HTTP at /slack/events");
  const app = new App({ ...appOptions, receiver });
  registerSlackErrorLogging(app, logger);
  return { app, receiver };
}
