import type { ServiceQueryDeps } from "../insights/query-deps.js";
import type { ErrorSummaryWork } from "./error-summary-work.js";
import type { ErrorsTarget } from "./parse-errors-args.js";
import type { ErrorSummary } from "./summarize-errors.js";

/** Everything `/errors` and the first look need: the shared query deps plus the services map. */
export interface ErrorSummaryDeps extends ServiceQueryDeps {
  /** Where pattern grouping and chart drawing run; default inline. main.ts passes a worker pool. */
  readonly work?: ErrorSummaryWork;
}

/** A query range in epoch seconds, both ends inclusive as StartQuery takes them. */
export interface QueryRange {
  readonly startTime: number;
  readonly endTime: number;
}

/** The windows one summary compares. */
export interface ErrorSummaryWindows {
  readonly current: QueryRange;
  /** The window of equal length just before `current`. */
  readonly baseline: QueryRange;
  /** `current` a day earlier; absent when the window is a day or longer (it would overlap the baseline). */
  readonly dayBefore?: QueryRange;
}

export type WindowName = "current" | "baseline" | "dayBefore";
export type QueryName = "countsByBin" | "topMessages" | "topStreams";

/** How one of the queries went. */
export interface QueryPart {
  readonly window: WindowName;
  readonly query: QueryName;
  readonly status: "complete" | "partial" | "failed" | "skipped";
  /** Why it failed or is partial, for the reader. */
  readonly message?: string;
  readonly bytesScanned: number;
}

/** What the queries cost together. */
export interface ErrorSummaryStatistics {
  readonly queries: number;
  readonly failed: number;
  readonly bytesScanned: number;
  readonly recordsScanned: number;
}

interface OutcomeBase {
  readonly target: ErrorsTarget;
  readonly windows: ErrorSummaryWindows;
  readonly binSeconds: number;
  readonly parts: readonly QueryPart[];
  readonly statistics: ErrorSummaryStatistics;
  /** Logs Insights console link listing the current window's error events. */
  readonly consoleUrl: string;
}

/** A summary (possibly with caveats in `notes`), or why none could be made. */
export type ErrorSummaryOutcome =
  | (OutcomeBase & {
      readonly kind: "summary";
      readonly summary: ErrorSummary;
      readonly notes: readonly string[];
    })
  | (OutcomeBase & { readonly kind: "failed"; readonly message: string });

/** Input of `runErrorSummary`; `window` is the current window (e.g. from `parseTimeWindow`). */
export interface ErrorSummaryRequest {
  readonly target: ErrorsTarget;
  readonly window: QueryRange;
  /** Per-query bytes-scanned cap; default `limits.maxBytesScanned`. */
  readonly maxBytesScanned?: number;
  /** Overall time budget in ms from the call; queries still waiting for a slot after it are skipped. */
  readonly budgetMs?: number;
}
