import { KlaxonError } from "../shared/klaxon-error.js";

/** Stable codes of everything that can go wrong between `/insights` text and a finished query. */
export type InsightsErrorCode =
  | "insights_unknown_template"
  | "insights_invalid_param"
  | "insights_invalid_window"
  | "insights_template_invalid"
  | "insights_throttled"
  | "insights_log_group_not_found"
  | "insights_malformed_query"
  | "insights_access_denied"
  | "insights_unavailable"
  | "insights_query_failed"
  | "insights_query_cancelled"
  | "insights_backend";

/**
 * A Logs Insights failure with a message the on-call person can act on. `retryable` marks failures that
 * go away by waiting (throttling, concurrency quota, service unavailable); the runner retries only those.
 */
export class InsightsError extends KlaxonError {
  override name = "InsightsError";
  override readonly code: InsightsErrorCode;
  readonly retryable: boolean;

  constructor(code: InsightsErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

/** True when `e` is an {@link InsightsError}, so callers can map backend throws into `Result`s. */
export function isInsightsError(e: unknown): e is InsightsError {
  return e instanceof InsightsError;
}
