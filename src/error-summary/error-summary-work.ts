import { type WorkerPool, workerEntry } from "../shared/worker-pool.js";
import { renderErrorChartPng } from "./chart-png.js";
import { type ErrorSummary, type SummarizeErrorsInput, summarizeErrors } from "./summarize-errors.js";

/**
 * The CPU-heavy steps of `/errors` and the first look: grouping hundreds of messages into patterns (inside
 * `summarizeErrors`) and drawing the chart PNG. Injected so production runs them in worker threads while tests
 * and the CLI may run them inline.
 */
export interface ErrorSummaryWork {
  summarize(input: SummarizeErrorsInput): Promise<ErrorSummary>;
  chartPng(summary: ErrorSummary): Promise<Buffer>;
}

/** Runs the pure functions on the calling thread. */
export const inlineErrorSummaryWork: ErrorSummaryWork = {
  summarize: async (input) => summarizeErrors(input),
  chartPng: async (summary) => renderErrorChartPng(summary),
};

/** The worker module a pool for {@link createPooledErrorSummaryWork} must run. */
export function errorSummaryWorkerEntry(): URL {
  return workerEntry(import.meta.url, "error-summary-worker");
}

/**
 * Runs the error summary work in `pool`, whose entry must be {@link errorSummaryWorkerEntry}. Inputs and summaries cross the
 * thread boundary by structured cloning (dates survive it); the PNG comes back as bytes and is wrapped in a
 * Buffer again. Pool failures (time-out, crashed thread) reject, and the caller reports them.
 */
export function createPooledErrorSummaryWork(pool: WorkerPool): ErrorSummaryWork {
  return {
    summarize: (input) => pool.run<ErrorSummary>("summarizeErrors", input),
    async chartPng(summary) {
      const bytes = await pool.run<Uint8Array>("renderErrorChartPng", summary);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}
