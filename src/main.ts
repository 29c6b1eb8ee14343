import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { resolveAccount } from "./aws/aws-accounts.js";
import { createAwsClients, sdkDefaultRegion } from "./aws/create-aws-clients.js";
import { regionNeeds, resolveRegion } from "./aws/resolve-region.js";
import { createAwsChangesSource } from "./changes/aws-changes-source.js";
import { createChangesFinder } from "./changes/find-changes.js";
import { createRateLimiter, LOOKUP_EVENTS_PER_SECOND } from "./changes/rate-limiter.js";
import { ConfigError } from "./config/errors.js";
import type { StartConfig } from "./config/prepare-config.js";
import type { ErrorSummaryDeps } from "./error-summary/error-summary-types.js";
import { createPooledErrorSummaryWork, errorSummaryWorkerEntry } from "./error-summary/error-summary-work.js";
import { alarmDeliveryRoute } from "./http/alarm-delivery-route.js";
import { createHttpServer, createPendingHttpServer, type HttpRoute } from "./http/create-http-server.js";
import { healthRoutes, metricsRoute } from "./http/health-routes.js";
import { listenHttp } from "./http/listen-http.js";
import { createMetrics } from "./http/metrics.js";
import { runbookRoutes } from "./http/runbook-routes.js";
import { createEpisodeFollowUps } from "./incidents/episode-follow-ups.js";
import { handleEventBridgeDelivery } from "./ingest/eventbridge/handle-eventbridge-delivery.js";
import { handleSnsDelivery, ingestMessage } from "./ingest/sns/handle-sns-delivery.js";
import { httpsFetchCert } from "./ingest/sns/sns-https-fetch-cert.js";
import type { InsightsCommandDeps } from "./insights/insights-command.js";
import type { QueryDeps } from "./insights/query-deps.js";
import { createQueryLimiter } from "./insights/query-limiter.js";
import type { KlaxonOverrides, RunningKlaxon } from "./klaxon-options.js";
import { createMuteRegistry } from "./mutes/mute-registry.js";
import { createOutboxWorker } from "./outbox/outbox-worker.js";
import { createSlackPoster } from "./outbox/slack-poster.js";
import { type ReportOutput, runHygieneReport } from "./reports/run-report.js";
import { systemClock } from "./shared/clock.js";
import { createLogger } from "./shared/logger.js";
import { createWorkerPool } from "./shared/worker-pool.js";
import { createAppHomePublisher } from "./slack/app-home-publisher.js";
import { reportHeadline } from "./slack/blocks/hygiene-report.js";
import { createChannelDirectory, listChannels } from "./slack/channel-directory.js";
import { registerListeners } from "./slack/listeners/register-listeners.js";
import { createNodeHttpFetch } from "./slack/node-http-fetch.js";
import { renderEpisode, runbookUrl } from "./slack/render-episode.js";
import { guardSlackRequests } from "./slack/slack-request-guard.js";
import { createUserGroupLookup } from "./slack/user-groups.js";
import { createAlarmIntake } from "./wiring/alarm-intake.js";
import { createBolt } from "./wiring/create-bolt.js";
import { createLogsBackend } from "./wiring/create-logs-backend.js";
import { createOutboxWebClient } from "./wiring/create-outbox-web-client.js";
import { openStore } from "./wiring/open-store.js";
import { createPeriodicTasks } from "./wiring/periodic-tasks.js";

export type { KlaxonOverrides, RunningKlaxon } from "./klaxon-options.js";

/**
 * The composition root: builds every client, the store, the outbox, the Bolt app and the HTTP server from a
 * validated and prepared config (`prepareForStart`), and starts them. Nothing else in klaxon creates clients or
 * reads the environment.
 */
export async function startKlaxon(
  config: StartConfig,
  overrides: KlaxonOverrides = {},
): Promise<RunningKlaxon> {
  const { file, env, mode } = config;
  const { templates, runbooks, runbookTemplates } = config.prepared;
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(env.KLAXON_LOG_LEVEL);
  for (const w of config.warnings) logger.warn(w);
  const metrics = createMetrics();
  // The playground has no AWS account: no role is assumed, no tags, graphs or changes are read from AWS.
  const playground = mode === "playground";

  // AWS: the home region, then the clients (created on first use).
  const logsDir = env.KLAXON_LOGS_DIR ?? (playground ? overrides.logsDir : undefined);
  const homeRegion = await resolveRegion(
    env.AWS_REGION,
    overrides.regionProvider ?? sdkDefaultRegion,
    regionNeeds({
      cloudWatchLogs: logsDir === undefined,
      sqs: env.KLAXON_SQS_QUEUE_URL !== undefined,
      dynamodb: env.KLAXON_STORE === "dynamodb",
    }),
  );
  if (!homeRegion.ok) throw new ConfigError([homeRegion.error]);
  // Without a home region nothing of klaxon's own calls AWS; console links still need a region to point at.
  const region = homeRegion.value ?? "us-east-1";
  const aws = createAwsClients({
    ...overrides.aws,
    region: homeRegion.value,
    accounts: playground ? undefined : file.accounts,
  });

  const slackTimeoutMs = overrides.slackTimeoutMs ?? 10_000;
  const store = await openStore(config, {
    clock,
    logger,
    dynamodb: async () => overrides.dynamodbClient ?? (await aws.dynamodb().client()),
    leaseMs: overrides.dynamodbLeaseMs,
    slackTimeoutMs,
  });
  // Every Slack call (the outbox, Bolt, respond()) goes over one kept-alive node:http client, not fetch.
  const slackFetch = createNodeHttpFetch({ timeoutMs: slackTimeoutMs });
  const web = createOutboxWebClient({
    token: env.SLACK_BOT_TOKEN,
    slackApiUrl: env.SLACK_API_URL,
    fetch: slackFetch,
    timeoutMs: slackTimeoutMs,
    logger,
  });
  // conversations.join takes IDs only: the configured #names are resolved once, at start.
  const channels = createChannelDirectory({ listChannels: () => listChannels(web), logger }, [
    file.slack.defaultChannel,
    ...file.routes.map((r) => r.channel),
  ]);

  // The port opens first (503 until every route is wired): the playground's runbook links point at klaxon itself.
  const http = createPendingHttpServer(logger);
  await listenHttp(http.server, env.PORT, overrides.host);
  const port = (http.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const publicUrl = file.runbooks.publicUrl ?? (playground ? url : undefined);
  const runbookLink = (name: string): string | undefined =>
    runbooks.find((r) => r.name === name)?.url ??
    runbookUrl(name, { baseUrl: file.runbooks.baseUrl, publicUrl });

  // Logs Insights: one backend and one limiter for /insights, /errors, /trace, runbook steps and the first look.
  const logs = createLogsBackend({ logsDir, aws, clock, logger });
  const cpuPool = createWorkerPool({ entry: errorSummaryWorkerEntry(), name: "spikes", logger });
  const queries: QueryDeps = {
    backend: logs.backend,
    limiter: createQueryLimiter(file.insights.maxConcurrentQueries),
    clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    logger,
    limits: file.insights,
    region,
  };
  // `/insights` also reads the default row limit from the same settings.
  const insights: InsightsCommandDeps = { ...queries, templates, limits: file.insights };
  const errors: ErrorSummaryDeps = {
    ...queries,
    services: file.services,
    work: createPooledErrorSummaryWork(cpuPool),
  };

  const mutes = createMuteRegistry(store, file.mutes, clock);
  // The App Home shows the newest report's headline.
  let lastReport: ReportOutput | undefined;
  let workspaceUrl: string | undefined;
  const appHome = createAppHomePublisher({
    store,
    clock,
    logger,
    activeMutes: (at) => mutes.active(at),
    // The newest report's headline; before the first one, the last 7 days computed on the spot (cheap: indexed).
    reportHeadline: async () =>
      reportHeadline((lastReport ?? (await runHygieneReport(store, clock(), 7))).report),
    publish: async (userId, view) => {
      await web.views.publish({ user_id: userId, view });
    },
    workspaceUrl: async () => {
      workspaceUrl ??= (await web.auth.test()).url;
      return workspaceUrl;
    },
  });
  const onReport = (output: ReportOutput): void => {
    lastReport = output;
    appHome.changed();
  };

  // Changes before an alarm ("what changed"): CloudTrail and ECS, or the playground's sample changes.
  const changesSource =
    overrides.changesSource ??
    (playground
      ? undefined
      : createAwsChangesSource({
          cloudtrailForRegion: (r, account) => aws.cloudtrailForRegion(r, account),
          ecsForRegion: (r, account) => aws.ecsForRegion(r, account),
          limit: createRateLimiter({ perSecond: LOOKUP_EVENTS_PER_SECOND, clock }),
          logger,
        }));
  const findChanges =
    file.changes.enabled && changesSource
      ? createChangesFinder({ source: changesSource, clock, logger, limits: file.changes })
      : undefined;

  // What follows a new episode's root message into its thread: the first look, changes and a metric graph.
  const followUp = createEpisodeFollowUps({
    store,
    errors,
    changes: findChanges && {
      find: findChanges,
      lookbackMinutes: file.changes.lookbackMinutes,
      waitMs: file.changes.waitSeconds * 1000,
      services: file.services,
    },
    graphs:
      (overrides.metricGraphs ?? (file.slack.metricGraphs && !playground))
        ? {
            cloudwatchForRegion: (r: string | undefined, account?: string) =>
              aws.cloudwatchForRegion(r ?? region, account),
            slack: web,
            logger,
          }
        : undefined,
    // The outbox is created next and posts the root messages this follows up on.
    kickOutbox: () => outbox.kick(),
    onMetricGraph: (outcome) => metrics.slackCalls.inc({ kind: "metric_graph", result: outcome }),
    clock,
    logger,
  });
  const outbox = createOutboxWorker(
    {
      store,
      slack: createSlackPoster(web, (channel) => channels.idOf(channel)),
      renderEpisode: (episode) =>
        renderEpisode(episode, runbookLink, (id) => resolveAccount(file.accounts, id).kind === "role"),
      clock,
      logger,
      random: overrides.random,
      onDelivered: (item, ms) => {
        metrics.slackCalls.inc({ kind: item.effect.kind, result: "ok" });
        metrics.deliverySeconds.observe(ms / 1000);
      },
      onFailure: (item, error) => metrics.slackCalls.inc({ kind: item.effect.kind, result: error.kind }),
      onRootPosted: followUp,
    },
    {
      postsPerSecondPerChannel: file.slack.postsPerSecondPerChannel,
      fallbackChannel: file.slack.defaultChannel,
      // A pass must end well inside the DynamoDB claim lease, or another replica re-sends what this one holds.
      maxPassMs: overrides.dynamodbLeaseMs === undefined ? undefined : overrides.dynamodbLeaseMs / 4,
    },
  );
  // New or changed episodes: their Slack effects go out and the App Home shows them.
  const episodesChanged = (): void => {
    outbox.kick();
    appHome.changed();
  };
  const tasks = createPeriodicTasks(file, {
    store,
    clock,
    logger,
    slack: web,
    channels,
    runbookLink,
    kickOutbox: () => outbox.kick(),
    onMuteEnded: () => {
      mutes.refresh();
      appHome.changed();
    },
    onReport,
    sweepMs: overrides.escalationSweepMs,
  });

  // Alarms in: SNS over HTTP, EventBridge API destinations and an SQS queue all end in ingestAlarm.
  const { deliveryDeps, sqsPoller } = await createAlarmIntake(config, {
    store,
    mutes: (at: Date) => mutes.active(at),
    runbookUrl: runbookLink,
    onEnqueued: episodesChanged,
    aws,
    region,
    clock,
    logger,
    playground,
    fetchCert: overrides.fetchCert ?? httpsFetchCert,
    skipCertExpiry: overrides.skipCertExpiry,
    onPoison: (p) => metrics.sqsPoison.inc({ reason: p.reason }),
    onSettled: (s) => metrics.sqsMessages.inc({ result: s.result, reason: s.reason }),
  });

  // Slack in: slash commands, buttons and the App Home.
  const { app, receiver } = createBolt(config, logger, slackFetch);
  registerListeners(app, {
    store,
    logger,
    clock,
    onCommand: (command, result) => metrics.slashCommands.inc({ command, result }),
    routes: file.routes,
    services: file.services,
    status: {
      mode,
      defaultChannel: file.slack.defaultChannel,
      snsTopics: file.sns.allowAnyTopic ? "any" : file.sns.topicArns.length,
      templates: Object.keys(file.templates).length,
    },
    allowAnyLogGroup: file.errors.allowAnyLogGroup,
    insights,
    userGroupsOf: createUserGroupLookup(async () => {
      const res = await web.usergroups.list({ include_users: true });
      return (res.usergroups ?? []).map((g) => ({ id: g.id ?? "", users: g.users ?? [] }));
    }, clock),
    runbooks,
    runbookTemplates,
    runbookLink,
    errors,
    trace: errors,
    kickOutbox: episodesChanged,
    mutes,
    onMutesChanged: () => appHome.changed(),
    appHome,
    onReport,
    changes: findChanges && { find: findChanges, lookbackMinutes: file.changes.lookbackMinutes, region },
  });

  // HTTP: health and metrics, runbook pages, alarm deliveries, the playground's page and Slack over HTTP.
  let shuttingDown = false;
  const metricsToken = env.KLAXON_METRICS_TOKEN ?? file.http.metricsToken;
  const routes: HttpRoute[] = [
    ...healthRoutes({
      store,
      metrics,
      isShuttingDown: () => shuttingDown,
      metricsToken,
      metricsElsewhere: file.http.metricsPort !== undefined,
    }),
    ...runbookRoutes(runbooks),
    alarmDeliveryRoute({
      handle: (body) => handleSnsDelivery(deliveryDeps, body),
      handleEventBridge: (body, key) =>
        handleEventBridgeDelivery(deliveryDeps, body, key, {
          header: file.eventbridge.apiKeyHeader,
          apiKey: file.eventbridge.apiKey,
        }),
      apiKeyHeader: file.eventbridge.apiKeyHeader,
      maxBodyBytes: file.sns.maxBodyBytes,
      metrics,
      clock,
      isShuttingDown: () => shuttingDown,
    }),
    ...(overrides.extraRoutes?.(async (message) => {
      const answer = await ingestMessage(deliveryDeps, `local-${randomUUID()}`, JSON.stringify(message));
      return { ok: answer.status === 200, detail: `${answer.outcome}: ${answer.body}` };
    }) ?? []),
  ];
  if (receiver) {
    routes.push({
      method: "POST",
      path: "/slack/events",
      // The receiver checks the past side of the request timestamp on the wall clock; the future side must agree.
      handler: guardSlackRequests({ clock: systemClock, logger }, receiver.handler),
    });
  }
  http.serve(routes);
  const metricsServer =
    file.http.metricsPort === undefined
      ? undefined
      : createHttpServer([metricsRoute({ store, metrics, token: metricsToken })], logger);
  if (metricsServer) await listenHttp(metricsServer, file.http.metricsPort ?? 0, overrides.host);

  // Start: the Slack connection, the outbox, the periodic tasks and the queue.
  if (mode === "socket") await app.start();
  if (!playground) {
    channels.load().catch((error: unknown) => {
      logger.warn(
        { error: String(error) },
        "Could not list Slack channels at start; retrying when one is needed",
      );
    });
  }
  outbox.start();
  tasks.start();
  sqsPoller?.start();
  logger.info({ url, mode, config: config.configPath }, "klaxon is up");

  return {
    url,
    port,
    metricsUrl: metricsServer && `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`,
    store,
    outbox,
    metrics,
    logger,
    async stop(deadlineMs = 20_000) {
      shuttingDown = true;
      await sqsPoller?.stop();
      await tasks.stop();
      appHome.stop();
      await outbox.stop();
      const drained = await outbox.drain(deadlineMs);
      if (mode === "socket") await app.stop();
      const closed = new Promise<void>((resolve) => http.server.close(() => resolve()));
      http.server.closeAllConnections();
      await closed;
      if (metricsServer) {
        const metricsClosed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections();
        await metricsClosed;
      }
      await Promise.all([cpuPool.close(), logs.close()]);
      aws.destroy();
      await store.close();
      slackFetch.close();
      return drained;
    },
  };
}
