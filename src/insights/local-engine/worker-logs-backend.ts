import type { Logger } from "../../shared/logger.js";
import { createWorkerPool, WorkerPoolError, workerEntry } from "../../shared/worker-pool.js";
import { InsightsError, type InsightsErrorCode } from "../errors.js";
import type { LogsQueryBackend, QueryResults, StartQueryInput } from "../logs-query-backend.js";
import type { LocalLogsBackendOptions } from "./local-logs-backend.js";

/** What the engine's worker thread is started with (the clock stays on the main thread). */
export interface LocalLogsWorkerData {
  readonly logsDir: string;
  readonly accountId?: string;
  readonly defaultLimit?: number;
}

/** The `startQuery` message: the input plus the injected clock's time. */
export interface StartQueryTask {
  readonly input: StartQueryInput;
  readonly nowMs: number;
}

/** Options of {@link createWorkerLogsBackend}. */
export interface WorkerLogsBackendOptions extends LocalLogsBackendOptions {
  /** A call the engine thread does not answer within this is failed and the thread replaced; default 60 s. */
  readonly callTimeoutMs?: number;
  readonly logger?: Logger;
}

/** The local engine behind a worker thread; `close` stops the thread. */
export interface WorkerLogsBackend extends LogsQueryBackend {
  close(): Promise<void>;
}

const CODES: ReadonlySet<string> = new Set<InsightsErrorCode>([
  "insights_unknown_template",
  "insights_invalid_param",
  "insights_invalid_window",
  "insights_template_invalid",
  "insights_throttled",
  "insights_log_group_not_found",
  "insights_malformed_query",
  "insights_access_denied",
  "insights_unavailable",
  "insights_query_failed",
  "insights_query_cancelled",
  "insights_backend",
]);

/**
 * The local Logs Insights engine (`createLocalLogsBackend`) hosted in its own worker thread, so parsing and
 * running queries over large or hostile JSONL files never holds the event loop. Each port call is a message;
 * an `InsightsError` thrown in the thread comes back as the same `InsightsError`. A thread that crashes or
 * stops answering is replaced: its running queries are lost and report "start it again", as after a restart.
 */
export function createWorkerLogsBackend(options: WorkerLogsBackendOptions): WorkerLogsBackend {
  const data: LocalLogsWorkerData = {
    logsDir: options.logsDir,
    ...(options.accountId !== undefined && { accountId: options.accountId }),
    ...(options.defaultLimit !== undefined && { defaultLimit: options.defaultLimit }),
  };
  const pool = createWorkerPool({
    entry: workerEntry(import.meta.url, "local-logs-worker"),
    size: 1,
    taskTimeoutMs: options.callTimeoutMs ?? 60_000,
    workerData: data,
    name: "local-logs-engine",
    // Streaming a large file churns short-lived objects; V8 would otherwise grow the young generation to its
    // maximum (3 × 16 MB semi-spaces) and keep it. A small one holds peak memory near 2× jq's (BENCHMARKS.md).
    resourceLimits: { maxYoungGenerationSizeMb: 6 },
    ...(options.logger !== undefined && { logger: options.logger }),
  });
  const call = async <T>(task: string, input: unknown): Promise<T> => {
    try {
      return await pool.run<T>(task, input);
    } catch (error) {
      throw toInsightsError(error);
    }
  };
  return {
    startQuery: (input) => {
      const task: StartQueryTask = { input, nowMs: options.clock().getTime() };
      return call<string>("startQuery", task);
    },
    getQueryResults: (queryId) => call<QueryResults>("getQueryResults", queryId),
    stopQuery: (queryId) => call<void>("stopQuery", queryId),
    close: () => pool.close(),
  };
}

function toInsightsError(error: unknown): Error {
  if (!(error instanceof WorkerPoolError)) return error instanceof Error ? error : new Error(String(error));
  const remote = error.remote;
  if (remote?.name === "InsightsError" && remote.code !== undefined && CODES.has(remote.code)) {
    return new InsightsError(remote.code as InsightsErrorCode, remote.message, {
      ...(remote.retryable !== undefined && { retryable: remote.retryable }),
    });
  }
  const what = remote === undefined ? error.message : remote.message;
  return new InsightsError(
    "insights_backend",
    `The local logs engine failed: ${what}. Run the query again; if it keeps failing, check the files under the logs folder.`,
    { cause: error },
  );
}
