import type { ResultRow } from "../insights/logs-query-backend.js";
import { runQuery } from "../insights/run-query.js";
import { type ErrorQueries, TOP_MESSAGES_LIMIT, TOP_STREAMS_LIMIT } from "./build-error-queries.js";
import type {
  ErrorSummaryDeps,
  ErrorSummaryStatistics,
  QueryName,
  QueryPart,
  QueryRange,
  WindowName,
} from "./error-summary-types.js";

const QUERY_LIMITS: Readonly<Record<QueryName, number>> = {
  countsByBin: 1000,
  topMessages: TOP_MESSAGES_LIMIT,
  topStreams: TOP_STREAMS_LIMIT,
};

/** One query's report plus its rows. */
export interface PartRun {
  readonly part: QueryPart;
  /** Undefined when the query failed or was skipped. */
  readonly rows: readonly ResultRow[] | undefined;
  readonly recordsScanned: number;
}

/** Which query over which range, and its limits. */
export interface PartInput {
  readonly window: WindowName;
  readonly query: QueryName;
  readonly range: QueryRange;
  readonly queries: ErrorQueries;
  readonly deadline: number | undefined;
  readonly maxBytes: number | undefined;
}

/**
 * Runs one of the summary's queries through the shared limiter and `runQuery`, under the bytes cap and what is
 * left of the time budget. Failures, skips and even unexpected throws come back as a reported part.
 */
export async function runPart(deps: ErrorSummaryDeps, input: PartInput): Promise<PartRun> {
  const { window, query } = input;
  const failed = (status: "failed" | "skipped", message: string): PartRun => ({
    part: { window, query, status, message, bytesScanned: 0 },
    rows: undefined,
    recordsScanned: 0,
  });
  try {
    return await deps.limiter.run(async () => {
      const timeoutMs = deps.limits.timeoutSeconds * 1000;
      const left = input.deadline === undefined ? timeoutMs : input.deadline - deps.clock().getTime();
      if (left <= 0) return failed("skipped", "out of time before it could start");
      const outcome = await runQuery(
        {
          backend: deps.backend,
          clock: deps.clock,
          sleep: deps.sleep,
          logger: deps.logger,
          ...(deps.random === undefined ? {} : { random: deps.random }),
        },
        {
          logGroupNames: input.queries.logGroupNames,
          ...(input.queries.target !== undefined && { target: input.queries.target }),
          queryString: input.queries[query],
          ...input.range,
          limit: QUERY_LIMITS[query],
        },
        {
          timeoutMs: Math.min(timeoutMs, left),
          pollIntervalMs: deps.limits.pollIntervalMs,
          maxBytesScanned: input.maxBytes ?? deps.limits.maxBytesScanned,
        },
      );
      if (!outcome.ok) return failed("failed", outcome.error.message);
      const { statistics, partial, note } = outcome.value;
      return {
        part: {
          window,
          query,
          status: partial ? "partial" : "complete",
          ...(partial && note !== undefined ? { message: note } : {}),
          bytesScanned: statistics.bytesScanned,
        },
        rows: outcome.value.results,
        recordsScanned: statistics.recordsScanned,
      };
    });
  } catch (error) {
    // A backend that throws something unexpected still must not sink the other parts.
    deps.logger.warn({ err: error, window, query }, "errors summary query threw");
    return failed("failed", error instanceof Error ? error.message : String(error));
  }
}

/** Adds up the parts' cost and failures. */
export function sumStats(runs: readonly PartRun[]): ErrorSummaryStatistics {
  return {
    queries: runs.length,
    failed: runs.filter((r) => r.part.status === "failed" || r.part.status === "skipped").length,
    bytesScanned: runs.reduce((a, r) => a + r.part.bytesScanned, 0),
    recordsScanned: runs.reduce((a, r) => a + r.recordsScanned, 0),
  };
}
