import type { AwsTarget } from "../aws/aws-accounts.js";

/** Status values of a Logs Insights query, as CloudWatch reports them. */
export type QueryStatus =
  | "Scheduled"
  | "Running"
  | "Complete"
  | "Failed"
  | "Cancelled"
  | "Timeout"
  | "Unknown";

/** One result row: the fields in the order the query returns them. */
export type ResultRow = readonly { readonly field: string; readonly value: string }[];

/** What a query cost, as CloudWatch reports it. */
export interface QueryStatistics {
  readonly recordsMatched: number;
  readonly recordsScanned: number;
  readonly bytesScanned: number;
}

export interface StartQueryInput {
  /** Names, or ARNs (`arn:aws:logs:<region>:<account>:log-group:<name>`) for cross-account observability. */
  readonly logGroupNames: readonly string[];
  /** The account and region the log groups live in; klaxon's own when absent. */
  readonly target?: AwsTarget;
  readonly queryString: string;
  /** Epoch seconds, inclusive. */
  readonly startTime: number;
  /** Epoch seconds, inclusive. */
  readonly endTime: number;
  readonly limit?: number;
}

export interface QueryResults {
  readonly status: QueryStatus;
  readonly results: readonly ResultRow[];
  readonly statistics: QueryStatistics;
}

/**
 * The port every Logs Insights consumer goes through: CloudWatch Logs in production, the local JSONL engine in
 * the playground. Implementations map their own failures to `InsightsError` (src/insights/errors.ts).
 */
export interface LogsQueryBackend {
  startQuery(input: StartQueryInput): Promise<string>;
  getQueryResults(queryId: string): Promise<QueryResults>;
  stopQuery(queryId: string): Promise<void>;
}
