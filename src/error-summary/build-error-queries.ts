import { type AwsTarget, targetOf } from "../aws/aws-accounts.js";
import type { ServiceConfig } from "../config/schema.js";
import { err, ok, type Result } from "../shared/result.js";
import { formatBinSize } from "./bin-counts.js";
import { ErrorsQueryError } from "./errors.js";

/** Result field names the queries use; the row parsers read the same names. */
export const ERRORS_FIELD = "errors";
export const COUNT_FIELD = "n";
export const STREAM_FIELD = "@logStream";
/** Distinct messages fetched per window; grouping happens here, over these rows. */
export const TOP_MESSAGES_LIMIT = 200;
export const TOP_STREAMS_LIMIT = 10;

/** The three Logs Insights queries `/errors` runs for one window of one service. */
export interface ErrorQueries {
  readonly logGroupNames: readonly string[];
  /** The service's account and region, when it names them. */
  readonly target?: AwsTarget;
  /** `filter … | stats count(*) as errors by bin(5m)`. */
  readonly countsByBin: string;
  /** `filter … | stats count(*) as n by <messageField> | sort n desc | limit 200`. */
  readonly topMessages: string;
  /** `filter … | stats count(*) as n by @logStream | sort n desc | limit 10`. */
  readonly topStreams: string;
}

const PLAIN_FIELD = /^@?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Builds the `/errors` queries for a service from its config. The error condition is
 * `<levelField> in ["ERROR", …]` when the service has a `levelField` (structured logs say what an error is),
 * else `@message like /<errorPattern>/`; a `streamFilter` becomes `@logStream like /^<prefix>/` with the prefix
 * matched literally. Config values are still escaped (string quotes, regex delimiters, odd field names in
 * backticks); a field name or pattern that cannot be made safe is a `ErrorsQueryError` naming the service key.
 */
export function buildErrorQueries(
  serviceName: string,
  service: ServiceConfig,
  binSeconds: number,
): Result<ErrorQueries, ErrorsQueryError> {
  const condition = errorCondition(serviceName, service);
  if (!condition.ok) return condition;
  const message = quoteField(serviceName, "messageField", service.messageField);
  if (!message.ok) return message;
  const filters = [
    ...(service.streamFilter === undefined
      ? []
      : [`filter ${STREAM_FIELD} like /^${escapeRegexLiteral(service.streamFilter)}/`]),
    `filter ${condition.value}`,
  ].join("\n| ");
  const target = targetOf(service);
  return ok({
    logGroupNames: service.logGroups,
    ...(target !== undefined && { target }),
    countsByBin: `${filters}\n| stats count(*) as ${ERRORS_FIELD} by bin(${formatBinSize(binSeconds)})`,
    topMessages: `${filters}\n| stats count(*) as ${COUNT_FIELD} by ${message.value}\n| sort ${COUNT_FIELD} desc\n| limit ${TOP_MESSAGES_LIMIT}`,
    topStreams: `${filters}\n| stats count(*) as ${COUNT_FIELD} by ${STREAM_FIELD}\n| sort ${COUNT_FIELD} desc\n| limit ${TOP_STREAMS_LIMIT}`,
  });
}

/** The `filter` condition that selects a service's error events (see {@link buildErrorQueries}). */
export function errorCondition(
  serviceName: string,
  service: ServiceConfig,
): Result<string, ErrorsQueryError> {
  if (service.levelField !== undefined) {
    const field = quoteField(serviceName, "levelField", service.levelField);
    if (!field.ok) return field;
    const levels = service.errorLevels.map(quoteString).join(", ");
    return ok(`${field.value} in [${levels}]`);
  }
  if (/[\r\n]/.test(service.errorPattern)) {
    return err(
      new ErrorsQueryError(
        "spikes_error_pattern_invalid",
        `services.${serviceName}.errorPattern contains a line break; write it as one regular expression such as "ERROR|Exception|Traceback".`,
      ),
    );
  }
  return ok(`@message like /${escapeRegexDelimiter(service.errorPattern)}/`);
}

function quoteField(serviceName: string, key: string, field: string): Result<string, ErrorsQueryError> {
  if (PLAIN_FIELD.test(field)) return ok(field);
  if (/[`\r\n]/.test(field)) {
    return err(
      new ErrorsQueryError(
        "spikes_field_name_invalid",
        `services.${serviceName}.${key} is "${field}", which Logs Insights cannot name (backtick or line break); use the field name exactly as Insights discovers it.`,
      ),
    );
  }
  return ok(`\`${field}\``);
}

/** A double-quoted Insights string literal. */
function quoteString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, " ")}"`;
}

/** Escapes every `/` not already escaped, so the pattern cannot end the `/…/` literal early. */
function escapeRegexDelimiter(pattern: string): string {
  return pattern.replace(/\\.|\//g, (match) => (match === "/" ? "\\/" : match));
}

/** Escapes a plain string so it matches itself inside `/…/`. */
function escapeRegexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&").replace(/\r?\n/g, "");
}
