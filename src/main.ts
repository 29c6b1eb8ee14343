import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { type ClientOverrides, createAwsClients } from "./aws/create-aws-clients.js";
import { confirmSubscription } from "./alarms/confirm-subscription.js";
import { handleSnsDelivery } from "./alarms/handle-sns-delivery.js";
import { ingestAlarm } from "./alarms/ingest-alarm.js";
import { httpsFetchCert } from "./alarms/sns-https-fetch-cert.js";
import { createSnsVerifier } from "./alarms/verify-sns-message.js";
import { type Config, loadConfig } from "./config/load-config.js";
import { ConfigError } from "./config/errors.js";
import { prepareConfig } from "./config/prepare-config.js";
import { createCloudWatchLogsBackend } from "./insights/cloudwatch-logs-backend.js";
import type { InsightsCommandDeps } from "./insights/insights-command.js";
import { createLocalLogsBackend } from "./insights/local-engine/local-logs-backend.js";
import { createQueryLimiter } from "./insights/query-limiter.js";
import { createUserGroupLookup } from "./slack/user-groups.js";
import { createHttpServer, type HttpRoute } from "./http/create-http-server.js";
import { healthRoutes } from "./http/health-routes.js";
import { createMetrics, type Metrics } from "./http/metrics.js";
import { snsRoute } from "./http/sns-route.js";
import { createOutboxWorker, type OutboxWorker } from "./outbox/outbox-worker.js";
import { createSlackPoster } from "./outbox/slack-poster.js";
import { type Clock, systemClock } from "./shared/clock.js";
import { createLogger, type Logger } from "./shared/logger.js";
import { registerListeners } from "./slack/listeners/register-listeners.js";
import { renderEpisode } from "./slack/render-episode.js";
import { openSqliteStore } from "./store/sqlite-store.js";
import type { Store } from "./store/store.js";

/** Things tests and the playground replace; production uses the defaults. */
export interface KlaxonOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly fetchCert?: (url: string) => Promise<string>;
  /** Relax the SNS certificate validity check (only for replaying old real fixtures). */
  readonly skipCertExpiry?: boolean;
  readonly snsClientOptions?: ClientOverrides;
  readonly logsClientOptions?: ClientOverrides;
  readonly random?: () => number;
  readonly host?: string;
  /** Playground: the folder of generated sample logs for the local Insights engine. */
  readonly logsDir?: string;
}

/** A running bot: its address, its parts (for tests and the playground) and a graceful stop. */
export interface RunningKlaxon {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly outbox: OutboxWorker;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Stops taking work (503 on /sns), drains the outbox up to `deadlineMs`, then closes everything. */
  stop(deadlineMs?: number): Promise<{ pending: number }>;
}

function createBolt(config: Config, logger: Logger): { app: App; receiver?: HTTPReceiver } {
  const e = config.env;
  const clientOptions = { slackApiUrl: e.SLACK_API_URL };
  const boltLogLevel = e.KLAXON_LOG_LEVEL === "debug" || e.KLAXON_LOG_LEVEL === "trace" ? LogLevel.DEBUG : LogLevel.WARN;
  if (config.mode === "socket" && e.SLACK_APP_TOKEN) {
    const receiver = new SocketModeReceiver({ appToken: e.SLACK_APP_TOKEN, logLevel: boltLogLevel });
    return { app: new App({ token: e.SLACK_BOT_TOKEN, receiver, clientOptions, logLevel: boltLogLevel }) };
  }
  const receiver = new HTTPReceiver({
    signingSecret: e.SLACK_SIGNING_SECRET ?? "",
    endpoints: "/slack/events",
    processBeforeResponse: false,
    logLevel: boltLogLevel,
  });
  logger.debug({ mode: config.mode }, "Slack over HTTP at /slack/events");
  return { app: new App({ token: e.SLACK_BOT_TOKEN, receiver, clientOptions, logLevel: boltLogLevel }), receiver };
}

/**
 * The composition root: builds every client, the store, the outbox, the Bolt app and the HTTP server from a
 * validated config, and starts them. Nothing else in klaxon creates clients or reads the environment.
 */
export async function startKlaxon(config: Config, overrides: KlaxonOverrides = {}): Promise<RunningKlaxon> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config.env.KLAXON_LOG_LEVEL);
  for (const w of config.warnings) logger.warn(w);
  const file = config.file;
  const prepared = prepareConfig(file, config.env.KLAXON_RUNBOOKS_DIR, config.configPath);
  if (!prepared.ok) throw new ConfigError(prepared.error);
  const { templates, runbooks } = prepared.value;
  const metrics = createMetrics();
  const store = openSqliteStore(config.env.KLAXON_DB, clock);
  let shuttingDown = false;

  const web = new WebClient(config.env.SLACK_BOT_TOKEN, {
    slackApiUrl: config.env.SLACK_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
  let publicUrl = file.runbooks.publicUrl;
  const outbox = createOutboxWorker(
    {
      store,
      slack: createSlackPoster(web),
      renderEpisode: (episode) =>
        renderEpisode(episode, {
          ...(file.runbooks.baseUrl !== undefined && { baseUrl: file.runbooks.baseUrl }),
          ...(publicUrl !== undefined && { publicUrl }),
        }),
      clock,
      logger,
      ...(overrides.random && { random: overrides.random }),
      onDelivered: (item, ms) => {
        metrics.slackCalls.inc({ kind: item.effect.kind, result: "ok" });
        metrics.deliverySeconds.observe(ms / 1000);
      },
      onFailure: (item, error) => metrics.slackCalls.inc({ kind: item.effect.kind, result: error.kind }),
    },
    { postsPerSecondPerChannel: file.slack.postsPerSecondPerChannel, fallbackChannel: file.slack.defaultChannel },
  );

  const verifier = createSnsVerifier(
    { fetchCert: overrides.fetchCert ?? httpsFetchCert, clock },
    {
      topicArns: file.sns.topicArns,
      allowAnyTopic: file.sns.allowAnyTopic,
      maxAgeSeconds: file.sns.maxAgeSeconds,
      ...(config.env.KLAXON_SNS_CERT_URL_PATTERN !== undefined && {
        certUrlPattern: new RegExp(config.env.KLAXON_SNS_CERT_URL_PATTERN),
      }),
      ...(overrides.skipCertExpiry !== undefined && { skipCertExpiry: overrides.skipCertExpiry }),
    },
  );
  const region = config.env.AWS_REGION ?? "us-east-1";
  const aws = createAwsClients({
    region,
    ...(overrides.snsClientOptions && { sns: overrides.snsClientOptions }),
    ...(overrides.logsClientOptions && { logs: overrides.logsClientOptions }),
  });
  const snsForRegion = (r: string) => aws.snsForRegion(r);
  const logsDir = config.env.KLAXON_LOGS_DIR ?? (config.mode === "playground" ? overrides.logsDir : undefined);
  const backend = logsDir
    ? createLocalLogsBackend({ logsDir, clock })
    : createCloudWatchLogsBackend({ client: aws.logs });
  if (logsDir) logger.info({ logsDir }, "Logs Insights queries run on the local engine over JSONL files");
  const insights: InsightsCommandDeps = {
    templates,
    backend,
    limiter: createQueryLimiter(file.insights.maxConcurrentQueries),
    clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    logger,
    limits: file.insights,
    region,
  };
  const ingestDeps = {
    store,
    runbooks,
    routes: file.routes,
    defaultChannel: file.slack.defaultChannel,
    logger,
    onEnqueued: () => outbox.kick(),
  };
  const deliveryDeps = {
    verify: (m: Parameters<typeof verifier.verify>[0]) => verifier.verify(m),
    confirm: (m: Parameters<typeof verifier.verify>[0]) => confirmSubscription({ snsForRegion }, m),
    ingest: (input: Parameters<typeof ingestAlarm>[1]) => ingestAlarm(ingestDeps, input),
    clock,
    logger,
  };

  const { app, receiver } = createBolt(config, logger);
  const userGroupsOf = createUserGroupLookup(async () => {
    const res = await web.usergroups.list({ include_users: true });
    return (res.usergroups ?? []).map((g) => ({ id: g.id ?? "", users: g.users ?? [] }));
  }, clock);
  registerListeners(app, { store, logger, clock, metrics, config, insights, userGroupsOf, runbooks });

  const routes: HttpRoute[] = [
    ...healthRoutes({ store, metrics, isShuttingDown: () => shuttingDown }),
    snsRoute({
      handle: (body) => handleSnsDelivery(deliveryDeps, body),
      maxBodyBytes: file.sns.maxBodyBytes,
      metrics,
      clock,
      isShuttingDown: () => shuttingDown,
    }),
  ];
  if (receiver) {
    routes.push({ method: "POST", path: "/slack/events", handler: (req, res) => receiver.requestListener(req, res) });
  }
  const server = createHttpServer(routes, logger);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.env.PORT, overrides.host ?? "0.0.0.0", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  publicUrl ??= config.mode === "playground" ? url : undefined;
  if (config.mode === "socket") await app.start();
  outbox.start();
  logger.info({ url, mode: config.mode, config: config.configPath }, "klaxon is up");

  return {
    url,
    port,
    store,
    outbox,
    metrics,
    logger,
    async stop(deadlineMs = 20_000) {
      shuttingDown = true;
      await outbox.stop();
      const drained = await outbox.drain(deadlineMs);
      if (config.mode === "socket") await app.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      aws.destroy();
      await store.close();
      return drained;
    },
  };
}

/** The `npm start` entry: load config (all problems at once), start, and stop gracefully on SIGTERM/SIGINT. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  const running = await startKlaxon(config);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.logger.info({ signal }, "stopping: draining the outbox (up to 20 s)");
    running
      .stop(20_000)
      .then(({ pending }) => {
        if (pending > 0) running.logger.warn({ pending }, "stopped with Slack calls pending; they are stored and go out on next start");
        process.exit(0);
      })
      .catch((error: unknown) => {
        running.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`klaxon failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
