import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { resolveAccount } from "./aws/aws-accounts.js";
import { createAwsClients, sdkDefaultRegion } from "./aws/create-aws-clients.js";
import { regionNeeds, resolveRegion } from "./aws/resolve-region.js";
import { createAwsChangesSource } from "./changes/aws-changes-source.js";
import { createChangesFinder } from "./changes/find-changes.js";
import { createRateLimiter, LOOKUP_EVENTS_PER_SECOND } from "./changes/rate-limiter.js";
import { ConfigError } from "./config/errors.js";
import type { Config } from "./config/load-config.js";
import { prepareConfig } from "./config/prepare-config.js";
import type { ErrorSummaryDeps } from "./error-summary/run-error-summary.js";
import { createPooledSpikeWork, spikeWorkerEntry } from "./error-summary/spike-work.js";
import { alarmDeliveryRoute } from "./http/alarm-delivery-route.js";
import { createHttpServer, type HttpRoute } from "./http/create-http-server.js";
import { healthRoutes, metricsRoute } from "./http/health-routes.js";
import { listenHttp } from "./http/listen-http.js";
import { createMetrics } from "./http/metrics.js";
import { runbookRoutes } from "./http/runbook-routes.js";
import { createEpisodeFollowUps } from "./incidents/episode-follow-ups.js";
import { createEscalationSweeper } from "./incidents/escalation-sweeper.js";
import { ingestAlarm } from "./incidents/ingest-alarm.js";
import { handleEventBridgeDelivery } from "./ingest/eventbridge/handle-eventbridge-delivery.js";
import { confirmSubscription } from "./ingest/sns/confirm-subscription.js";
import { handleSnsDelivery, ingestMessage } from "./ingest/sns/handle-sns-delivery.js";
import { httpsFetchCert } from "./ingest/sns/sns-https-fetch-cert.js";
import { createSnsVerifier } from "./ingest/sns/verify-sns-message.js";
import { createSqsHandler, SQS_MAX_MESSAGE_AGE_SECONDS } from "./ingest/sqs/sqs-handler.js";
import { createCloudWatchLogsBackend } from "./insights/cloudwatch-logs-backend.js";
import type { InsightsCommandDeps } from "./insights/insights-command.js";
import { createWorkerLogsBackend } from "./insights/local-engine/worker-logs-backend.js";
import type { LogsQueryBackend } from "./insights/logs-query-backend.js";
import { createQueryLimiter } from "./insights/query-limiter.js";
import { createRoutedLogsBackend } from "./insights/routed-logs-backend.js";
import type { KlaxonOverrides, RunningKlaxon } from "./klaxon-options.js";
import { createMuteRegistry } from "./mutes/mute-registry.js";
import { createMuteSweeper } from "./mutes/mute-sweeper.js";
import { createOutboxWorker } from "./outbox/outbox-worker.js";
import { createSlackPoster } from "./outbox/slack-poster.js";
import { createReportScheduler } from "./reports/report-scheduler.js";
import { type ReportOutput, runHygieneReport } from "./reports/run-report.js";
import { createAlarmTagLookup, listAlarmTags, TAG_WAIT_MS } from "./routing/alarm-tags.js";
import { routesUseTags } from "./routing/route-alarm.js";
import { checklistId } from "./runbooks/checklist-state.js";
import { systemClock } from "./shared/clock.js";
import { createLogger, type Logger } from "./shared/logger.js";
import { createWorkerPool } from "./shared/worker-pool.js";
import { createAppHomePublisher } from "./slack/app-home-publisher.js";
import { buildChecklistMessage } from "./slack/blocks/checklist-message.js";
import { reportHeadline } from "./slack/blocks/hygiene-report.js";
import { createChannelDirectory, listChannels } from "./slack/channel-directory.js";
import { registerListeners } from "./slack/listeners/register-listeners.js";
import { renderEpisode, runbookUrl } from "./slack/render-episode.js";
import { createSlackLogger, registerSlackErrorLogging } from "./slack/slack-logger.js";
import { guardSlackRequests, MAX_SLACK_BODY_BYTES } from "./slack/slack-request-guard.js";
import { createUserGroupLookup } from "./slack/user-groups.js";
import { openSqliteStore } from "./store/sqlite-store.js";
import { createStorePruner } from "./store/store-pruner.js";
import type { TraceDeps } from "./trace/run-trace.js";

function createBolt(config: Config, logger: Logger): { app: App; receiver?: HTTPReceiver } {
  const e = config.env;
  const clientOptions = { slackApiUrl: e.SLACK_API_URL };
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
  const receiver = new HTTPReceiver({
    signingSecret: e.SLACK_SIGNING_SECRET ?? "",
    endpoints: "/slack/events",
    processBeforeResponse: false,
    logger: boltLogger,
    logLevel: boltLogLevel,
    bodyLimit: MAX_SLACK_BODY_BYTES,
  });
  logger.debug({ mode: config.mode }, "Slack over HTTP at /slack/events");
  const app = new App({ ...appOptions, receiver });
  registerSlackErrorLogging(app, logger);
  return { app, receiver };
}

export type { KlaxonOverrides, RunningKlaxon } from "./klaxon-options.js";

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
  const { templates, runbooks, runbookTemplates } = prepared.value;
  const metrics = createMetrics();
  const logsDir =
    config.env.KLAXON_LOGS_DIR ?? (config.mode === "playground" ? overrides.logsDir : undefined);
  const homeRegion = await resolveRegion(
    config.env.AWS_REGION,
    overrides.regionProvider ?? sdkDefaultRegion,
    regionNeeds({
      cloudWatchLogs: logsDir === undefined,
      sqs: config.env.KLAXON_SQS_QUEUE_URL !== undefined,
      dynamodb: config.env.KLAXON_STORE === "dynamodb",
    }),
  );
  if (!homeRegion.ok) throw new ConfigError([homeRegion.error]);
  // Without a home region nothing of klaxon's own calls AWS; console links still need a region to point at.
  const region = homeRegion.value ?? "us-east-1";
  const aws = createAwsClients({
    ...(homeRegion.value !== undefined && { region: homeRegion.value }),
    ...(overrides.snsClientOptions && { sns: overrides.snsClientOptions }),
    ...(overrides.logsClientOptions && { logs: overrides.logsClientOptions }),
    ...(overrides.dynamodbClientOptions && { dynamodb: overrides.dynamodbClientOptions }),
    ...(overrides.sqsClientOptions && { sqs: overrides.sqsClientOptions }),
    ...(overrides.cloudwatchClientOptions && { cloudwatch: overrides.cloudwatchClientOptions }),
    ...(overrides.cloudtrailClientOptions && { cloudtrail: overrides.cloudtrailClientOptions }),
    ...(overrides.ecsClientOptions && { ecs: overrides.ecsClientOptions }),
    ...(overrides.stsClientOptions && { sts: overrides.stsClientOptions }),
    // The playground has no AWS account: no role is ever assumed there.
    ...(config.mode !== "playground" && { accounts: file.accounts }),
  });
  const table = config.env.KLAXON_DYNAMODB_TABLE;
  const store =
    config.env.KLAXON_STORE === "dynamodb" && table
      ? // The DynamoDB store and its SDK package load only in the deployments that use them.
        (await import("./store/dynamodb-store.js")).createDynamoDbStore(
          {
            client: overrides.dynamodbClient ?? (await aws.dynamodb().client()),
            tableName: table,
            clock,
            // Host name and pid are not unique (host networking gives every container the host's name and pid 1),
            // and replicas sharing an owner would take over each other's outbox claims and post twice.
            owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
          },
          {
            dedupeTtlDays: file.store.retentionDays,
            ...(overrides.dynamodbLeaseMs !== undefined && { leaseMs: overrides.dynamodbLeaseMs }),
          },
        )
      : openSqliteStore(config.env.KLAXON_DB, clock);

  let shuttingDown = false;

  // Before a Slack call the outbox renews its DynamoDB claim once less than two thirds of it is left: what is left
  // must outlast one unanswered call.
  const slackTimeoutMs = overrides.slackTimeoutMs ?? 10_000;
  if (
    config.env.KLAXON_STORE === "dynamodb" &&
    ((overrides.dynamodbLeaseMs ?? 30_000) * 2) / 3 < slackTimeoutMs + 1_000
  )
    logger.warn(
      { leaseMs: overrides.dynamodbLeaseMs, slackTimeoutMs },
      "two thirds of the DynamoDB claim lease are shorter than the Slack time-out plus 1 s; another replica may re-send an alarm still in flight",
    );
  const web = new WebClient(config.env.SLACK_BOT_TOKEN, {
    slackApiUrl: config.env.SLACK_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: slackTimeoutMs,
    // The outbox logs every failed call with what it does next; the client's own warnings would repeat them.
    logger: createSlackLogger(logger, LogLevel.ERROR),
  });
  // conversations.join takes IDs only: the configured #names are resolved once, at start.
  const channels = createChannelDirectory({ listChannels: () => listChannels(web), logger }, [
    file.slack.defaultChannel,
    ...file.routes.map((r) => r.channel),
  ]);
  let publicUrl = file.runbooks.publicUrl;
  const runbookLink = (name: string): string | undefined =>
    runbooks.find((r) => r.name === name)?.url ??
    runbookUrl(name, {
      ...(file.runbooks.baseUrl !== undefined && { baseUrl: file.runbooks.baseUrl }),
      ...(publicUrl !== undefined && { publicUrl }),
    });
  const outbox = createOutboxWorker(
    {
      store,
      slack: createSlackPoster(web, (channel) => channels.idOf(channel)),
      renderEpisode: (episode) =>
        renderEpisode(episode, runbookLink, (id) => resolveAccount(file.accounts, id).kind === "role"),
      clock,
      logger,
      ...(overrides.random && { random: overrides.random }),
      onDelivered: (item, ms) => {
        metrics.slackCalls.inc({ kind: item.effect.kind, result: "ok" });
        metrics.deliverySeconds.observe(ms / 1000);
      },
      onFailure: (item, error) => metrics.slackCalls.inc({ kind: item.effect.kind, result: error.kind }),
      onRootPosted: (episode) => followUp(episode),
    },
    {
      postsPerSecondPerChannel: file.slack.postsPerSecondPerChannel,
      fallbackChannel: file.slack.defaultChannel,
      // A pass must end well inside the DynamoDB claim lease, or another replica re-sends what this one holds.
      ...(overrides.dynamodbLeaseMs !== undefined && { maxPassMs: overrides.dynamodbLeaseMs / 4 }),
    },
  );

  const makeVerifier = (maxAgeSeconds: number) =>
    createSnsVerifier(
      { fetchCert: overrides.fetchCert ?? httpsFetchCert, clock },
      {
        topicArns: file.sns.topicArns,
        allowAnyTopic: file.sns.allowAnyTopic,
        maxAgeSeconds,
        minSignatureVersion: file.sns.minSignatureVersion,
        certFetchesPerHostPerMinute: file.sns.certFetchesPerHostPerMinute,
        ...(config.env.KLAXON_SNS_CERT_URL_PATTERN !== undefined && {
          certUrlPattern: new RegExp(config.env.KLAXON_SNS_CERT_URL_PATTERN),
        }),
        ...(overrides.skipCertExpiry !== undefined && { skipCertExpiry: overrides.skipCertExpiry }),
      },
    );
  const verifier = makeVerifier(file.sns.maxAgeSeconds);

  const snsForRegion = (r: string) => aws.snsForRegion(r);
  // CPU-heavy work runs in worker threads so /healthz, SNS answers and Slack acks never wait behind it.
  const localEngine = logsDir ? createWorkerLogsBackend({ logsDir, clock, logger }) : undefined;
  // Each query goes to the Logs client of its service's or alarm's account and region (one per pair).
  const logsBackends = new WeakMap<object, LogsQueryBackend>();
  const backend =
    localEngine ??
    createRoutedLogsBackend((target) => {
      const client = aws.logsFor(target);
      let b = logsBackends.get(client);
      if (!b) {
        b = createCloudWatchLogsBackend({ client });
        logsBackends.set(client, b);
      }
      return b;
    });
  const cpuPool = createWorkerPool({ entry: spikeWorkerEntry(), name: "spikes", logger });
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
  const errors: ErrorSummaryDeps = {
    services: file.services,
    backend,
    limiter: insights.limiter,
    clock,
    sleep: insights.sleep,
    logger,
    limits: file.insights,
    region,
    work: createPooledSpikeWork(cpuPool),
  };
  const trace: TraceDeps = { ...errors };
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
  // Routing waits at most TAG_WAIT_MS for a new alarm's tags: the CloudWatch SDK package loads now, not in that wait.
  if (routesUseTags(file.routes) && config.mode !== "playground")
    await aws.cloudwatchForRegion(region).client();
  const ingestDeps = {
    store,
    mutes: (at: Date) => mutes.active(at),
    runbooks,
    runbookUrl: runbookLink,
    routes: file.routes,
    defaultChannel: file.slack.defaultChannel,
    logger,
    incidents: file.incidents,
    // The playground has no AWS account to read tags from.
    ...(routesUseTags(file.routes) &&
      config.mode !== "playground" && {
        tagsOf: createAlarmTagLookup(
          {
            listTags: (arn, r, account) => listAlarmTags(aws.cloudwatchForRegion(r, account), arn),
            clock,
            logger,
          },
          { ttlMs: file.tagRouting.cacheSeconds * 1000, waitMs: TAG_WAIT_MS },
        ),
      }),
    onEnqueued: () => {
      outbox.kick();
      appHome.changed();
    },
  };
  const deliveryDeps = {
    verify: (m: Parameters<typeof verifier.verify>[0]) => verifier.verify(m),
    confirm: (m: Parameters<typeof verifier.verify>[0]) => confirmSubscription({ snsForRegion }, m),
    ingest: (input: Parameters<typeof ingestAlarm>[1]) => ingestAlarm(ingestDeps, input),
    clock,
    logger,
  };

  // The playground has no AWS account: its sample changes come in through the overrides.
  const changesSource =
    overrides.changesSource ??
    (config.mode === "playground"
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

  const followUp = createEpisodeFollowUps({
    store,
    errors,
    ...(findChanges && {
      changes: {
        find: findChanges,
        lookbackMinutes: file.changes.lookbackMinutes,
        waitMs: file.changes.waitSeconds * 1000,
        services: file.services,
      },
    }),
    // The playground has no AWS account to draw graphs from.
    ...((overrides.metricGraphs ?? (file.slack.metricGraphs && config.mode !== "playground")) && {
      graphs: {
        cloudwatchForRegion: (r: string | undefined, account?: string) =>
          aws.cloudwatchForRegion(r ?? region, account),
        slack: web,
        logger,
      },
    }),
    kickOutbox: () => outbox.kick(),
    metrics,
    clock,
    logger,
  });

  // A queue keeps messages for up to 14 days: after an outage its backlog must not be refused as stale.
  const queueUrl = config.env.KLAXON_SQS_QUEUE_URL;
  const sqsVerifier = makeVerifier(Math.max(file.sns.maxAgeSeconds, SQS_MAX_MESSAGE_AGE_SECONDS));
  const sqsPoller = queueUrl
    ? (await import("./ingest/sqs/sqs-poller.js")).createSqsPoller(
        {
          sqs: aws.sqs(),
          queueUrl,
          handle: createSqsHandler({ ...deliveryDeps, verify: (m) => sqsVerifier.verify(m) }),
          clock,
          logger,
          onPoison: (p) => metrics.sqsPoison.inc({ reason: p.reason }),
          onSettled: (s) => metrics.sqsMessages.inc({ result: s.result, reason: s.reason }),
        },
        // Defaults: 20 s long polls, 60 s visibility (extended while working), poison after 5 receives.
      )
    : undefined;

  const { app, receiver } = createBolt(config, logger);
  const userGroupsOf = createUserGroupLookup(async () => {
    const res = await web.usergroups.list({ include_users: true });
    return (res.usergroups ?? []).map((g) => ({ id: g.id ?? "", users: g.users ?? [] }));
  }, clock);
  registerListeners(app, {
    store,
    logger,
    clock,
    metrics,
    config,
    insights,
    userGroupsOf,
    runbooks,
    runbookTemplates,
    runbookLink,
    errors,
    trace,
    kickOutbox: () => {
      outbox.kick();
      appHome.changed();
    },
    mutes,
    onMutesChanged: () => appHome.changed(),
    appHome,
    onReport,
    ...(findChanges && {
      changes: { find: findChanges, lookbackMinutes: file.changes.lookbackMinutes, region },
    }),
  });

  const metricsToken = config.env.KLAXON_METRICS_TOKEN ?? file.http.metricsToken;
  const routes: HttpRoute[] = [
    ...healthRoutes({
      store,
      metrics,
      isShuttingDown: () => shuttingDown,
      ...(metricsToken !== undefined && { metricsToken }),
      metricsElsewhere: file.http.metricsPort !== undefined,
    }),
    ...runbookRoutes(runbooks),
    alarmDeliveryRoute({
      handle: (body) => handleSnsDelivery(deliveryDeps, body),
      handleEventBridge: (body, key) =>
        handleEventBridgeDelivery(deliveryDeps, body, key, {
          header: file.eventbridge.apiKeyHeader,
          ...(file.eventbridge.apiKey !== undefined && { apiKey: file.eventbridge.apiKey }),
        }),
      apiKeyHeader: file.eventbridge.apiKeyHeader,
      maxBodyBytes: file.sns.maxBodyBytes,
      metrics,
      clock,
      isShuttingDown: () => shuttingDown,
    }),
  ];
  if (overrides.extraRoutes) {
    routes.push(
      ...overrides.extraRoutes(async (message) => {
        const answer = await ingestMessage(deliveryDeps, `local-${randomUUID()}`, JSON.stringify(message));
        return { ok: answer.status === 200, detail: `${answer.outcome}: ${answer.body}` };
      }),
    );
  }
  if (receiver) {
    routes.push({
      method: "POST",
      path: "/slack/events",
      // Bolt checks the past side of the request timestamp against the wall clock; the future side must agree.
      handler: guardSlackRequests({ clock: systemClock, logger }, (req, res) =>
        receiver.requestListener(req, res),
      ),
    });
  }
  const server = createHttpServer(routes, logger);
  await listenHttp(server, config.env.PORT, overrides.host);
  const port = (server.address() as AddressInfo).port;
  const metricsServer =
    file.http.metricsPort === undefined
      ? undefined
      : createHttpServer(
          [metricsRoute({ store, metrics, ...(metricsToken !== undefined && { token: metricsToken }) })],
          logger,
        );
  if (metricsServer) await listenHttp(metricsServer, file.http.metricsPort ?? 0, overrides.host);
  const url = `http://127.0.0.1:${port}`;
  publicUrl ??= config.mode === "playground" ? url : undefined;
  if (config.mode === "socket") await app.start();
  if (config.mode !== "playground") {
    channels.load().catch((error: unknown) => {
      logger.warn(
        { error: String(error) },
        "Could not list Slack channels at start; retrying when one is needed",
      );
    });
  }
  outbox.start();
  const escalations = createEscalationSweeper(
    { store, clock, logger, onEnqueued: () => outbox.kick() },
    {
      afterMinutes: file.incidents.escalation.afterMinutes,
      ...(overrides.escalationSweepMs !== undefined && { intervalMs: overrides.escalationSweepMs }),
    },
  );
  escalations.start();
  const muteSweeper = createMuteSweeper(
    {
      store,
      clock,
      logger,
      configured: file.mutes,
      checklistMessage: async (e) => {
        const runbook = e.route.runbook;
        const checklist = runbook && (await store.getChecklist(checklistId(runbook, e.id)));
        return checklist ? buildChecklistMessage(checklist, runbookLink(checklist.runbook)) : undefined;
      },
      post: async (channel, text) => {
        await web.chat.postMessage({ channel: (await channels.idOf(channel)) ?? channel, text });
      },
      onEnqueued: () => outbox.kick(),
      onEnded: () => {
        mutes.refresh();
        appHome.changed();
      },
    },
    overrides.escalationSweepMs !== undefined ? { intervalMs: overrides.escalationSweepMs } : {},
  );
  muteSweeper.start();
  const reportsConfig = file.reports;
  const reports =
    reportsConfig &&
    createReportScheduler(
      {
        store,
        clock,
        logger,
        channel: reportsConfig.channel,
        weekly: reportsConfig.weekly,
        days: reportsConfig.days,
        post: async (channel, output) => {
          const id = (await channels.idOf(channel)) ?? channel;
          await web.chat.postMessage({ channel: id, text: output.text });
          if (output.report.total.episodes > 0)
            await web.filesUploadV2({ channel_id: id, file: output.png, filename: "episodes-per-day.png" });
        },
        onReport,
      },
      overrides.escalationSweepMs !== undefined ? { intervalMs: overrides.escalationSweepMs } : {},
    );
  reports?.start();
  const pruner = createStorePruner({ store, clock, logger }, { retentionDays: file.store.retentionDays });
  pruner.start();
  sqsPoller?.start();
  logger.info({ url, mode: config.mode, config: config.configPath }, "klaxon is up");

  return {
    url,
    port,
    ...(metricsServer && {
      metricsUrl: `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`,
    }),
    store,
    outbox,
    metrics,
    logger,
    async stop(deadlineMs = 20_000) {
      shuttingDown = true;
      await sqsPoller?.stop();
      await escalations.stop();
      await muteSweeper.stop();
      await reports?.stop();
      appHome.stop();
      await pruner.stop();
      await outbox.stop();
      const drained = await outbox.drain(deadlineMs);
      if (config.mode === "socket") await app.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (metricsServer) {
        const metricsClosed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections();
        await metricsClosed;
      }
      await Promise.all([cpuPool.close(), localEngine?.close()]);
      aws.destroy();
      await store.close();
      return drained;
    },
  };
}
