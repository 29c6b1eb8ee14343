import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { ChangesSource } from "../changes/changes-source.js";
import type { Config } from "../config/load-config.js";
import type { HttpRoute } from "../http/create-http-server.js";
import { systemClock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { sampleAlarmPairs } from "./sample-alarm-pairs.js";
import { generateSamples } from "./samples/generate-samples.js";
import { createSampleChangesSource } from "./samples/sample-changes.js";
import { type SlackEmulator, startSlackEmulator } from "./slack-emulator/slack-emulator.js";
import { playgroundAllowedHosts } from "./web/playground-http.js";
import { playgroundRoutes } from "./web/playground-routes.js";

/** Everything the playground adds to a normal klaxon start. */
export interface Playground {
  /** The config with Slack pointed at the local emulator. */
  readonly config: Config;
  readonly emulator: SlackEmulator;
  /** Fresh sample logs for the local Insights engine. */
  readonly logsDir: string;
  /** Sample CloudTrail events and ECS deployments ("what changed") around the sample alarms. */
  readonly changesSource: ChangesSource;
  /** The page's routes, given the bot's way to take an alarm as if SNS delivered it. */
  routes(fireAlarm: (alarmMessage: object) => Promise<{ ok: boolean; detail: string }>): HttpRoute[];
  /** Points the emulator at the running bot. */
  connect(botUrl: string): void;
}

/**
 * Prepares the local playground for `npm start` with nothing configured: generates sample logs ending now (so
 * `/errors` and `/trace` find recent data), starts the Slack Web API emulator on loopback with a random signing
 * secret, and returns a config whose Slack settings point at it — the bot itself runs unchanged.
 */
export async function preparePlayground(
  config: Config,
  logger: Logger,
  now: Date = new Date(),
): Promise<Playground> {
  const dataDir = join(config.env.KLAXON_DB, "..", "playground");
  const samples = generateSamples({ out: dataDir, now });
  const secret = randomBytes(24).toString("hex");
  const emulator = await startSlackEmulator({ signingSecret: secret });
  logger.info(
    { events: samples.total, dir: dataDir },
    "playground: generated sample logs for the last 6 hours",
  );
  const ids = samples.ids;
  return {
    config: {
      ...config,
      env: {
        ...config.env,
        SLACK_BOT_TOKEN: emulator.botToken,
        SLACK_SIGNING_SECRET: secret,
        SLACK_API_URL: emulator.apiUrl,
      },
    },
    emulator,
    logsDir: join(dataDir, "logs"),
    changesSource: createSampleChangesSource(systemClock),
    routes: (fireAlarm) =>
      playgroundRoutes({
        emulator,
        fireAlarm,
        sampleAlarms: sampleAlarmPairs(now),
        exampleCommands: [
          `/trace ${ids.dynamoaiReqId}`,
          "/errors axonflow-api",
          "/insights",
          "/insights axonflow-slow-requests threshold_ms=3000 2h",
          `/trace ${ids.tradaiCorrelationId}`,
          "/runbook high-latency",
          "/klaxon status",
          "/klaxon changes axonflow-api",
          "/klaxon mute axonflow-* 30m deploy",
          "/klaxon report 7d",
          "/home",
        ],
        allowedHosts: playgroundAllowedHosts(config.env.KLAXON_PLAYGROUND_HOST),
      }),
    connect: (botUrl) => emulator.setBotEndpoint(`${botUrl}/slack/events`),
  };
}
