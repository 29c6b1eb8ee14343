import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { err, ok, type Result } from "../shared/result.js";
import { InsightsError, isInsightsError } from "./errors.js";
import type {
  LogsQueryBackend,
  QueryResults,
  QueryStatistics,
  QueryStatus,
  ResultRow,
  StartQueryInput,
} from "./logs-query-backend.js";

export interface RunQueryDeps {
  readonly backend: LogsQueryBackend;
  readonly clock: Clock;
  /** Injected so tests run instantly with a fake clock. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  /** Jitter source in [0, 1); defaults to Math.random. */
  readonly random?: () => number;
}

export interface RunQueryOptions {
  /** Stop the query (StopQuery) and return what arrived so far after this long. */
  readonly timeoutMs: number;
  /** First wait between GetQueryResults polls; later waits grow up to 5 times this. */
  readonly pollIntervalMs: number;
  /** Stop the query once CloudWatch reports scanning more than this many bytes (cost guard). */
  readonly maxBytesScanned: number;
  /** How many times StartQuery is tried when throttled or over the concurrency quota. */
  readonly maxStartAttempts?: number;
  readonly onProgress?: (progress: {
    readonly status: QueryStatus;
    readonly statistics: QueryStatistics;
  }) => void;
}

/** Why results are incomplete. */
export type PartialReason = "timeout" | "bytes-cap" | "cloudwatch-timeout" | "cancelled";

export interface QueryOutcome {
  readonly queryId: string;
  readonly status: QueryStatus;
  readonly results: readonly ResultRow[];
  readonly statistics: QueryStatistics;
  readonly partial: boolean;
  readonly partialReason: PartialReason | undefined;
  /** A sentence for the reader when `partial`, saying why and what to do. */
  readonly note: string | undefined;
  readonly elapsedMs: number;
}

const TERMINAL: ReadonlySet<QueryStatus> = new Set(["Complete", "Failed", "Cancelled", "Timeout"]);
const EMPTY_STATS: QueryStatistics = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };

function asInsightsError(e: unknown): InsightsError {
  if (isInsightsError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new InsightsError("insights_backend", `Logs Insights call failed: ${message}`, { cause: e });
}

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^attempt)). */
function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

async function startWithRetry(
  deps: RunQueryDeps,
  request: StartQueryInput,
  options: RunQueryOptions,
  deadline: number,
): Promise<Result<string, InsightsError>> {
  const attempts = options.maxStartAttempts ?? 6;
  const random = deps.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return ok(await deps.backend.startQuery(request));
    } catch (e) {
      const error = asInsightsError(e);
      const wait = Math.max(1, backoffMs(attempt, Math.max(options.pollIntervalMs, 200), 10_000, random));
      if (!error.retryable || attempt + 1 >= attempts || deps.clock().getTime() + wait > deadline)
        return err(error);
      deps.logger.warn({ code: error.code, attempt: attempt + 1, waitMs: wait }, "StartQuery retry");
      await deps.sleep(wait);
    }
  }
}

async function stopQuietly(deps: RunQueryDeps, queryId: string): Promise<void> {
  try {
    await deps.backend.stopQuery(queryId);
  } catch (e) {
    // StopQuery fails when the query already finished; the results we hold are still good.
    deps.logger.info({ queryId, err: asInsightsError(e).message }, "StopQuery did not stop the query");
  }
}

/**
 * Runs one Logs Insights query to the end: StartQuery (retrying throttling and quota errors with exponential
 * backoff and jitter), then GetQueryResults with growing intervals until a terminal status. When the timeout
 * passes or the bytes-scanned cap is exceeded it calls StopQuery and returns the partial results, flagged and
 * explained. Failed queries and non-retryable backend errors come back as an `InsightsError`.
 */
export async function runQuery(
  deps: RunQueryDeps,
  request: StartQueryInput,
  options: RunQueryOptions,
): Promise<Result<QueryOutcome, InsightsError>> {
  const started = deps.clock().getTime();
  const deadline = started + options.timeoutMs;
  const startResult = await startWithRetry(deps, request, options, deadline);
  if (!startResult.ok) return startResult;
  const queryId = startResult.value;
  const random = deps.random ?? Math.random;

  let last: QueryResults = { status: "Scheduled", results: [], statistics: EMPTY_STATS };
  let interval = options.pollIntervalMs;
  let failures = 0;
  const finish = (partialReason: PartialReason | undefined, note: string | undefined): QueryOutcome => ({
    queryId,
    status: last.status,
    results: last.results,
    statistics: last.statistics,
    partial: partialReason !== undefined,
    partialReason,
    note,
    elapsedMs: deps.clock().getTime() - started,
  });

  for (;;) {
    const now = deps.clock().getTime();
    if (now >= deadline) {
      await stopQuietly(deps, queryId);
      return ok(
        finish(
          "timeout",
          `Stopped after ${Math.round(options.timeoutMs / 1000)}s; results are partial. Narrow the time window or open the query in the console.`,
        ),
      );
    }
    await deps.sleep(Math.min(interval, deadline - now));
    interval = Math.min(Math.ceil(interval * 1.5), options.pollIntervalMs * 5);
    try {
      last = await deps.backend.getQueryResults(queryId);
      failures = 0;
    } catch (e) {
      const error = asInsightsError(e);
      failures += 1;
      if (!error.retryable || failures >= 5) {
        await stopQuietly(deps, queryId);
        return err(error);
      }
      await deps.sleep(backoffMs(failures, options.pollIntervalMs, 10_000, random));
      continue;
    }
    options.onProgress?.({ status: last.status, statistics: last.statistics });
    if (last.status === "Complete") return ok(finish(undefined, undefined));
    if (last.status === "Failed") {
      return err(
        new InsightsError(
          "insights_query_failed",
          "CloudWatch reports the query as Failed; check the query in the console and try a narrower window.",
        ),
      );
    }
    if (last.status === "Cancelled")
      return ok(
        finish("cancelled", "The query was cancelled in CloudWatch before it finished; results are partial."),
      );
    if (last.status === "Timeout")
      return ok(
        finish(
          "cloudwatch-timeout",
          "CloudWatch timed the query out; results are partial. Narrow the window.",
        ),
      );
    if (!TERMINAL.has(last.status) && last.statistics.bytesScanned > options.maxBytesScanned) {
      await stopQuietly(deps, queryId);
      return ok(
        finish(
          "bytes-cap",
          `Stopped after scanning ${formatBytes(last.statistics.bytesScanned)}, over the ${formatBytes(options.maxBytesScanned)} cap (insights.maxBytesScanned); results are partial. Narrow the window or add filters.`,
        ),
      );
    }
  }
}

/** Bytes as `1.2 GB`, for cost lines and messages. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
