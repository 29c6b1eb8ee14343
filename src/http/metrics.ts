import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The Prometheus metrics klaxon exports on `GET /metrics`. One registry per bot instance (tests run several). */
export interface Metrics {
  readonly registry: Registry;
  readonly snsDeliveries: Counter<"outcome">;
  readonly slackCalls: Counter<"kind" | "result">;
  readonly outboxPending: Gauge;
  readonly ingestSeconds: Histogram;
  readonly deliverySeconds: Histogram;
  readonly slashCommands: Counter<"command" | "result">;
  /** SQS alarm-queue messages by what became of them; kept apart from `snsDeliveries` (HTTP). */
  readonly sqsMessages: Counter<"result" | "reason">;
  readonly sqsPoison: Counter<"reason">;
}

/** Creates the metrics with their own registry (process metrics included when `withDefaults`). */
export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  // Standard names (process_cpu_seconds_total, nodejs_heap_size_used_bytes…) so stock dashboards and alerts work.
  if (withDefaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    snsDeliveries: new Counter({
      name: "klaxon_sns_deliveries_total",
      help: "SNS/EventBridge deliveries by outcome (accepted, duplicate, rejected, error…)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    slackCalls: new Counter({
      name: "klaxon_slack_calls_total",
      help: "Outbox Slack calls by effect kind and result (ok, rate_limited, transient, failed…)",
      labelNames: ["kind", "result"],
      registers: [registry],
    }),
    outboxPending: new Gauge({
      name: "klaxon_outbox_pending",
      help: "Slack effects stored but not yet delivered",
      registers: [registry],
    }),
    ingestSeconds: new Histogram({
      name: "klaxon_ingest_seconds",
      help: "Time from receiving an SNS delivery to answering it (verified and stored)",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    deliverySeconds: new Histogram({
      name: "klaxon_slack_delivery_seconds",
      help: "Duration of one outbox Slack call",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    slashCommands: new Counter({
      name: "klaxon_slash_commands_total",
      help: "Slash commands by command and result",
      labelNames: ["command", "result"],
      registers: [registry],
    }),
    sqsMessages: new Counter({
      name: "klaxon_sqs_messages_total",
      help: "SQS alarm-queue messages by result (handled, held, retried, poisoned) and reason (outcome, refusal code)",
      labelNames: ["result", "reason"],
      registers: [registry],
    }),
    sqsPoison: new Counter({
      name: "klaxon_sqs_poison_total",
      help: "SQS messages deleted as poison, by reason (rejected: malformed or forged; max_receives)",
      labelNames: ["reason"],
      registers: [registry],
    }),
  };
}
