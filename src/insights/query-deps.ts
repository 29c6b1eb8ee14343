import type { ServiceConfig } from "../config/schema.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { LogsQueryBackend } from "./logs-query-backend.js";
import type { QueryLimiter } from "./query-limiter.js";

/** The `insights` limits every query obeys. */
export interface QueryLimits {
  readonly timeoutSeconds: number;
  readonly maxBytesScanned: number;
  readonly pollIntervalMs: number;
}

/**
 * What every Logs Insights feature (`/insights`, `/trace`, `/errors`, runbook steps, the first look) runs queries
 * with: one backend (CloudWatch Logs or the local engine) and one limiter shared by all of them, so together they
 * stay under the account's concurrent-query quota.
 */
export interface QueryDeps {
  readonly backend: LogsQueryBackend;
  readonly limiter: QueryLimiter;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  readonly random?: () => number;
  readonly limits: QueryLimits;
  /** For console links. */
  readonly region: string;
}

/** Query deps plus the configured services (log groups already var-expanded), for `/trace` and `/errors`. */
export interface ServiceQueryDeps extends QueryDeps {
  readonly services: Readonly<Record<string, ServiceConfig>>;
}
