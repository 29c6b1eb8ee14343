import { err, ok, type Result } from "../shared/result.js";
import { TraceError } from "./errors.js";

const INSIGHTS_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const LEVEL_WORD = /\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL)\b/;

/**
 * Reads an Insights `@timestamp` (`2022-05-01 12:00:40.919`, UTC without a zone), and also ISO-8601 with a
 * zone or epoch milliseconds, which local engines may return. Returns Unix ms, or undefined when unreadable.
 */
export function parseInsightsTimestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  if (/^\d{12,14}$/.test(t)) return Number(t);
  const m = INSIGHTS_TIMESTAMP.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, s, frac] = m;
    const ms = Number((frac ?? "0").padEnd(3, "0").slice(0, 3));
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  }
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(t)) return undefined;
  const parsed = Date.parse(t);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Guesses the level of a plain-text line from the first standard level word in it (Python's
 * `… - ERROR - …`, Lambda's `[ERROR]`), for display only; error detection uses the service's pattern.
 */
export function inferLevel(message: string): string | undefined {
  return LEVEL_WORD.exec(message)?.[1];
}

/**
 * Compiles a service's `errorPattern` (a JavaScript regular expression, as in the config) or says which
 * service has an invalid one, so start-up validation and the timeline report it the same way.
 */
export function compileErrorPattern(service: string, pattern: string): Result<RegExp, TraceError> {
  try {
    return ok(new RegExp(pattern));
  } catch (cause) {
    return err(
      new TraceError(
        "trace_error_pattern_invalid",
        `services.${service}.errorPattern \`${pattern}\` is not a valid regular expression, so only log levels mark errors.`,
        { cause },
      ),
    );
  }
}
