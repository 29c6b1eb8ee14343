import type { AwsClientOverrides } from "./aws/create-aws-clients.js";
import type { RegionProvider } from "./aws/resolve-region.js";
import type { ChangesSource } from "./changes/changes-source.js";
import type { HttpRoute } from "./http/create-http-server.js";
import type { Metrics } from "./http/metrics.js";
import type { OutboxWorker } from "./outbox/outbox-worker.js";
import type { Clock } from "./shared/clock.js";
import type { Logger } from "./shared/logger.js";
import type { DynamoDbSender } from "./store/dynamodb-store.js";
import type { Store } from "./store/store.js";

/** Things tests and the playground replace; production uses the defaults. Absent and `undefined` mean the same. */
export interface KlaxonOverrides {
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  readonly fetchCert?: ((url: string) => Promise<string>) | undefined;
  /** Relax the SNS certificate validity check (only for replaying old real fixtures). */
  readonly skipCertExpiry?: boolean | undefined;
  readonly aws?: AwsClientOverrides | undefined;
  /** A ready DynamoDB client used instead of creating one (tests: dynalite behind its transaction shim); the caller destroys it. */
  readonly dynamodbClient?: DynamoDbSender | undefined;
  /** How long DynamoDB outbox claims and delivery leases last; tests shorten it to see a dead replica's work taken over. */
  readonly dynamodbLeaseMs?: number | undefined;
  /** The Slack Web API client's time-out (default 10 s); tests shorten it to see an unanswered call quickly. */
  readonly slackTimeoutMs?: number | undefined;
  /** Replaces where changes come from (the playground's sample changes, tests). */
  readonly changesSource?: ChangesSource | undefined;
  /** Where the AWS region comes from when AWS_REGION is unset (default: the SDK's chain). */
  readonly regionProvider?: RegionProvider | undefined;
  /** Post a CloudWatch graph into each new episode's thread (needs cloudwatch:GetMetricWidgetImage). */
  readonly metricGraphs?: boolean | undefined;
  readonly random?: (() => number) | undefined;
  readonly host?: string | undefined;
  /** How often the escalation sweeper looks for unacknowledged episodes (default 30 s; tests shorten it). */
  readonly escalationSweepMs?: number | undefined;
  /** Playground: the folder of generated sample logs for the local Insights engine. */
  readonly logsDir?: string | undefined;
  /** Extra HTTP routes (the playground page), given a way to take an alarm as if SNS had delivered it. */
  readonly extraRoutes?:
    | ((fireAlarm: (alarmMessage: object) => Promise<{ ok: boolean; detail: string }>) => HttpRoute[])
    | undefined;
}

/** A running bot: its address, its parts (for tests and the playground) and a graceful stop. */
export interface RunningKlaxon {
  readonly url: string;
  readonly port: number;
  /** Where `GET /metrics` answers when `http.metricsPort` gives it a port of its own. */
  readonly metricsUrl?: string | undefined;
  readonly store: Store;
  readonly outbox: OutboxWorker;
  /** The Prometheus registry `GET /metrics` serves (tests read counters from it). */
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Stops taking work (503 on /sns), drains the outbox up to `deadlineMs`, then closes everything. */
  stop(deadlineMs?: number): Promise<{ pending: number }>;
}
