import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadConfig } from "../../src/config/load-config.js";
import { prepareForStart } from "../../src/config/prepare-config.js";
import { type KlaxonOverrides, type RunningKlaxon, startKlaxon } from "../../src/main.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../src/playground/slack-emulator/slack-emulator.js";
import type { Clock } from "../../src/shared/clock.js";
import { silentLogger } from "../../src/shared/logger.js";
import { type FakeSnsServer, startFakeSnsServer } from "../fakes/fake-sns-server.js";
import { buildSignedNotification } from "../fakes/sns-signer.js";

export const SIGNING_SECRET = "e2e-signing-secret-0123456789abcdef";
export const TOPIC_ARN = "arn:aws:sns:us-east-2:123456789012:klaxon-alarms";

export const BASE_CONFIG = `
slack:
  defaultChannel: "#alerts"
  postsPerSecondPerChannel: 10
  metricGraphs: false
sns:
  topicArns: ["${TOPIC_ARN}"]
routes:
  - match: { namespace: AWS/ApplicationELB }
    channel: "#inc-web"
    mention: "@here"
    severity: high
`;

export interface Harness {
  readonly sns: FakeSnsServer;
  readonly slack: SlackEmulator;
  bot: RunningKlaxon;
  readonly dir: string;
  readonly dbPath: string;
  /** Certificate downloads klaxon made (through the fake). */
  certFetches(): number;
  /** POSTs a body to klaxon's /sns and returns status and text. */
  postSns(body: unknown): Promise<{ status: number; text: string }>;
  /** Builds, signs and POSTs a notification carrying `alarm`. */
  notify(
    alarm: object,
    options?: { messageId?: string; topicArn?: string },
  ): Promise<{ status: number; text: string }>;
  /** Stops the bot (as a crash would, without draining when `drain` is false) and starts a fresh one on the same DB. */
  restart(options?: { drain?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the whole stack over loopback: a fake SNS (certificate + ConfirmSubscription), the Slack Web API
 * emulator, and the real klaxon server with its real clients, SQLite file and outbox.
 */
export async function startHarness(
  options: {
    config?: string;
    rateLimit?: number;
    overrides?: KlaxonOverrides;
    /** klaxon's clock; SNS messages the harness signs carry its time too, so freshness checks agree. */
    clock?: Clock;
    /** Extra environment (e.g. KLAXON_LOGS_DIR) and files to write into the temp dir (e.g. runbooks/x.md). */
    env?: Record<string, string>;
    files?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const sns = await startFakeSnsServer();
  const slack = await startSlackEmulator({
    signingSecret: SIGNING_SECRET,
    ...(options.rateLimit !== undefined && { rateLimit: { postsPerChannelPerSecond: options.rateLimit } }),
  });
  const dir = mkdtempSync(join(tmpdir(), "klaxon-e2e-"));
  const configPath = join(dir, "klaxon.yaml");
  writeFileSync(configPath, options.config ?? BASE_CONFIG);
  for (const [name, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const dbPath = join(dir, "data", "klaxon.db");
  let fetches = 0;
  const start = async () => {
    const config = loadConfig(
      {
        PORT: "0",
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        KLAXON_CONFIG: configPath,
        KLAXON_DB: dbPath,
        KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
        KLAXON_LOG_LEVEL: "silent",
        ...options.env,
      },
      dir,
    );
    const bot = await startKlaxon(prepareForStart(config), {
      logger: silentLogger(),
      host: "127.0.0.1",
      // The real pinned URL check runs first; only the download is redirected to the fake.
      fetchCert: async () => {
        fetches++;
        const res = await fetch(sns.certUrl);
        return res.text();
      },
      // A fixed home region, as AWS_REGION or a profile would give in production.
      regionProvider: async () => "us-east-1",
      clock: options.clock,
      ...options.overrides,
      aws: {
        sns: { endpoint: sns.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } },
        ...options.overrides?.aws,
      },
    });
    slack.setBotEndpoint(`${bot.url}/slack/events`);
    return bot;
  };
  const h: Harness = {
    sns,
    slack,
    bot: await start(),
    dir,
    dbPath,
    certFetches: () => fetches,
    async postSns(body) {
      const res = await fetch(`${h.bot.url}/sns`, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    },
    async notify(alarm, o = {}) {
      const message = buildSignedNotification({
        topicArn: o.topicArn ?? TOPIC_ARN,
        message: alarm,
        ...(options.clock && { timestamp: options.clock() }),
        ...(o.messageId !== undefined && { messageId: o.messageId }),
      });
      return h.postSns(message);
    },
    async restart(o = {}) {
      await h.bot.stop(o.drain === false ? 0 : 5_000);
      h.bot = await start();
    },
    async close() {
      await h.bot.stop(2_000);
      await slack.close();
      await sns.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Polls `check` until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 8_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A CloudWatch alarm SNS `Message` for AxonFlow's latency alarm, in a given state at a given time. */
export function latencyAlarm(
  state: "ALARM" | "OK" | "INSUFFICIENT_DATA",
  time: string,
  name = "axonflow-high-latency",
) {
  return {
    AlarmName: name,
    AlarmDescription: "ALB target latency exceeds 5 seconds",
    AWSAccountId: "123456789012",
    AlarmConfigurationUpdatedTimestamp: "2026-11-01T10:00:00.000+0000",
    NewStateValue: state,
    NewStateReason:
      state === "ALARM"
        ? "Threshold Crossed: 3 out of the last 3 datapoints [6.2, 7.9, 5.4] were greater than the threshold (5.0)."
        : "Threshold Crossed: 1 out of the last 3 datapoints [1.2] was not greater than the threshold (5.0).",
    StateChangeTime: time.replace("Z", "+0000"),
    Region: "US East (Ohio)",
    AlarmArn: `arn:aws:cloudwatch:us-east-2:123456789012:alarm:${name}`,
    OldStateValue: state === "ALARM" ? "OK" : "ALARM",
    OKActions: [],
    AlarmActions: [TOPIC_ARN],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: "TargetResponseTime",
      Namespace: "AWS/ApplicationELB",
      StatisticType: "ExtendedStatistic",
      ExtendedStatistic: "p95",
      Unit: "Seconds",
      Dimensions: [{ value: "app/axonflow-prod/50dc6c495c0c9188", name: "LoadBalancer" }],
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 5,
      TreatMissingData: "missing",
      EvaluateLowSampleCountPercentile: "",
    },
  };
}

/**
 * A clock for klaxon that starts `offsetMs` after `iso` (an alarm's time) and moves at wall-clock speed from
 * there, so tests on fixed-date fixtures never compare a fixed date with the real "now".
 */
export function clockFrom(iso: string, offsetMs: number): Clock {
  const startedAt = performance.now();
  return () => new Date(Date.parse(iso) + offsetMs + (performance.now() - startedAt));
}
