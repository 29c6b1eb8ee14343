import type { ServiceConfig } from "../config/schema.js";
import { err, ok, type Result } from "../shared/result.js";
import type { AnchoredId } from "./anchor-id.js";
import { TraceError } from "./errors.js";

/** The parts of a service definition that shape its trace query (log groups already var-expanded). */
export type TraceQueryService = Pick<
  ServiceConfig,
  "logGroups" | "streamFilter" | "idFields" | "messageField" | "levelField"
>;

/** One Logs Insights query to run for one service. */
export interface TraceQuery {
  readonly service: string;
  readonly logGroupNames: readonly string[];
  readonly queryString: string;
  readonly limit: number;
}

/** Rows per service; a request rarely logs more, and the cap bounds what one `/trace` can cost. */
export const TRACE_QUERY_LIMIT = 500;

const PLAIN_FIELD = /^@?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const QUOTABLE_FIELD = /^[^`\r\n|#'"\\]+$/;
const SAFE_VALUE = /^[A-Za-z0-9._:-]+$/;

/**
 * Renders a config field name for a query: dotted identifiers as they are, anything else (e.g. `x-request-id`)
 * in backticks as Insights requires; names that could break out of backticks are refused.
 */
function fieldRef(service: string, field: string): Result<string, TraceError> {
  if (PLAIN_FIELD.test(field)) return ok(field);
  if (QUOTABLE_FIELD.test(field)) return ok(`\`${field}\``);
  return err(
    new TraceError(
      "trace_field_invalid",
      `services.${service}: field \`${field}\` cannot be used in a query; use a field name without backticks, quotes, \`|\`, \`#\` or line breaks.`,
    ),
  );
}

/** Escapes a literal prefix for use inside an Insights `/regex/`. */
function regexLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

function idCondition(field: string, ref: string, value: string): string {
  // @message holds the whole raw line, so the ID is one substring of it; structured fields hold exactly the ID.
  return field === "@message" ? `${ref} like '${value}'` : `${ref} = '${value}'`;
}

/**
 * Builds the Logs Insights query that finds one request's lines in one service:
 * `fields @timestamp, @logStream, @log, <message>, <level> | filter @logStream like /^<prefix>/ |
 * filter <f1> = 'id' or @message like 'id' | sort @timestamp asc | limit 500`. The ID values come from
 * {@link AnchoredId} (shape-validated, no quotes possible) and are re-checked here as defence in depth; field
 * names and the stream prefix come from config and are quoted or escaped, or refused with a message.
 */
export function buildTraceQuery(
  serviceName: string,
  service: TraceQueryService,
  anchor: AnchoredId,
  limit: number = TRACE_QUERY_LIMIT,
): Result<TraceQuery, TraceError> {
  const values = anchor.searchValues.length > 0 ? anchor.searchValues : [anchor.id];
  if (!values.every((v) => SAFE_VALUE.test(v))) {
    return err(
      new TraceError("trace_id_invalid", "That ID contains characters that cannot be searched for."),
    );
  }

  const shown: string[] = ["@timestamp", "@logStream", "@log"];
  for (const f of [service.messageField, service.levelField]) {
    if (f === undefined) continue;
    const ref = fieldRef(serviceName, f);
    if (!ref.ok) return ref;
    if (!shown.includes(ref.value)) shown.push(ref.value);
  }

  const parts = [`fields ${shown.join(", ")}`];
  if (service.streamFilter !== undefined) {
    if (/[\r\n]/.test(service.streamFilter)) {
      return err(
        new TraceError(
          "trace_stream_filter_invalid",
          `services.${serviceName}.streamFilter must be a single-line log stream name prefix.`,
        ),
      );
    }
    parts.push(`filter @logStream like /^${regexLiteral(service.streamFilter)}/`);
  }

  const conditions: string[] = [];
  for (const field of service.idFields) {
    const ref = fieldRef(serviceName, field);
    if (!ref.ok) return ref;
    for (const v of values) conditions.push(idCondition(field, ref.value, v));
  }
  parts.push(`filter ${conditions.join(" or ")}`);
  parts.push("sort @timestamp asc", `limit ${limit}`);

  return ok({
    service: serviceName,
    logGroupNames: [...service.logGroups],
    queryString: parts.join(" | "),
    limit,
  });
}
