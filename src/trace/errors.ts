import { KlaxonError } from "../shared/klaxon-error.js";

/** Stable codes of everything `/trace` can refuse or fail at. */
export type TraceErrorCode =
  | "trace_id_missing"
  | "trace_id_invalid"
  | "trace_field_invalid"
  | "trace_stream_filter_invalid"
  | "trace_error_pattern_invalid"
  | "trace_usage"
  | "trace_unknown_service"
  | "trace_service_not_allowed"
  | "trace_window_invalid";

/**
 * A `/trace` problem the on-call person (or the config owner) can fix: an ID that is not an ID, or a service
 * definition whose field names or patterns cannot be put into a Logs Insights query safely.
 */
export class TraceError extends KlaxonError {
  override name = "TraceError";
  declare readonly code: TraceErrorCode;

  constructor(code: TraceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
