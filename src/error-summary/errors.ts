import { KlaxonError } from "../shared/klaxon-error.js";

/** Why the `/errors` queries for a service could not be built from its configuration. */
export type ErrorsQueryErrorCode = "spikes_field_name_invalid" | "spikes_error_pattern_invalid";

/**
 * A service entry whose fields cannot be placed safely in a Logs Insights query. The message names the service
 * key and the field, so the operator knows which line of the YAML config to fix.
 */
export class ErrorsQueryError extends KlaxonError {
  override name = "ErrorsQueryError";
  declare readonly code: ErrorsQueryErrorCode;

  constructor(code: ErrorsQueryErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Why `/errors` text could not be turned into a target and a window. */
export type ErrorsUsageErrorCode =
  | "spikes_missing_target"
  | "spikes_unknown_service"
  | "spikes_invalid_log_group"
  | "spikes_invalid_window"
  | "spikes_log_group_not_allowed"
  | "spikes_service_not_allowed";

/**
 * A `/errors` request that cannot run as typed: no target, an unknown service name, a malformed log group name
 * or an unreadable window. The message says what was expected and lists the configured services.
 */
export class ErrorsUsageError extends KlaxonError {
  override name = "ErrorsUsageError";
  declare readonly code: ErrorsUsageErrorCode;

  constructor(code: ErrorsUsageErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
