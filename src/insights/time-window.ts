import { err, ok, type Result } from "../shared/result.js";
import { InsightsError } from "./errors.js";

/** A query's time range in epoch seconds (both inclusive, as StartQuery expects) and how to show it. */
export interface TimeWindow {
  readonly startTime: number;
  readonly endTime: number;
  /** `last 15m`, `since 09:30 UTC`, or the absolute range in UTC. */
  readonly label: string;
  /** True when the requested end lay in the future and was moved to now. */
  readonly endClamped: boolean;
}

export interface TimeWindowOptions {
  readonly now: Date;
  /** Used when the text is empty, such as `1h`. */
  readonly defaultWindow: string;
  /** The longest window allowed, such as `7d`. */
  readonly maxWindow: string;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const RELATIVE = /^(?:last\s+)?(\d{1,6})\s*(s|m|h|d|w)$/i;
const SINCE_CLOCK = /^since\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*utc|z)?$/i;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;
const EXAMPLES = "15m, 2h, 1d, since 09:30, or 2026-11-20T10:00Z..2026-11-20T11:00Z";

function bad(message: string): Result<never, InsightsError> {
  return err(new InsightsError("insights_invalid_window", message));
}

/** Seconds in a config duration such as `15m` or `7d`, or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const m = /^(\d+)([smhdw])$/.exec(text.trim());
  const unit = m?.[2] === undefined ? undefined : UNIT_SECONDS[m[2]];
  return m?.[1] === undefined || unit === undefined ? undefined : Number(m[1]) * unit;
}

/** Parses an ISO-8601 instant; a missing zone means UTC, because on-call people talk in UTC. */
function parseInstant(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", ms = "0", zone = "Z"] = m;
  const z = zone.toUpperCase() === "UTC" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms.padEnd(3, "0")}${z.toUpperCase()}`;
  const value = Date.parse(iso);
  if (Number.isNaN(value)) return undefined;
  // Date.parse rolls 2026-02-31 over into March; refuse instead of guessing.
  const check = new Date(value + offsetMs(z));
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() + 1 !== Number(mo)) return undefined;
  return value;
}

function offsetMs(zone: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (!m) return 0;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60) * 1000;
}

function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * Parses the window of a slash command: relative (`15m`, `2h`, `1d`, `last 30m`), `since 09:30` (today in UTC,
 * or yesterday when that is still ahead), an ISO range `A..B`, or a single ISO instant (from then until now).
 * An end in the future is clamped to now; start at or after end, and windows over `maxWindow`, are refused
 * with a message naming the limit. Returns epoch seconds.
 */
export function parseTimeWindow(text: string, options: TimeWindowOptions): Result<TimeWindow, InsightsError> {
  const nowMs = options.now.getTime();
  const maxSeconds = durationSeconds(options.maxWindow);
  if (maxSeconds === undefined)
    throw new Error(`parseTimeWindow: maxWindow ${options.maxWindow} is not a duration`);
  const input = text.trim() === "" ? options.defaultWindow : text.trim();

  let startMs: number;
  let endMs = nowMs;
  let label: string;
  const relative = RELATIVE.exec(input);
  const since = SINCE_CLOCK.exec(input);
  if (relative?.[1] !== undefined && relative[2] !== undefined) {
    const seconds = Number(relative[1]) * (UNIT_SECONDS[relative[2].toLowerCase()] ?? 0);
    if (seconds <= 0) return bad(`The window ${input} is empty; use ${EXAMPLES}.`);
    startMs = nowMs - seconds * 1000;
    label = `last ${relative[1]}${relative[2].toLowerCase()}`;
  } else if (since?.[1] !== undefined && since[2] !== undefined) {
    const [h, mi, s] = [Number(since[1]), Number(since[2]), Number(since[3] ?? "0")];
    if (h > 23 || mi > 59 || s > 59) return bad(`${input} is not a time of day; use since HH:MM in UTC.`);
    const today = new Date(nowMs);
    startMs = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), h, mi, s);
    if (startMs > nowMs) startMs -= 86_400_000;
    label = `since ${formatUtc(startMs)}`;
  } else {
    const parts = input.replace(/^since\s+/i, "").split(/\s*\.\.\s*/);
    if (parts.length > 2) return bad(`Give one range A..B; got ${input}.`);
    const start = parseInstant(parts[0] ?? "");
    const end = parts[1] === undefined ? nowMs : parseInstant(parts[1]);
    if (start === undefined || end === undefined)
      return bad(`Cannot read the time window "${input}"; use ${EXAMPLES}.`);
    startMs = start;
    endMs = end;
    label = parts[1] === undefined ? `since ${formatUtc(start)}` : `${formatUtc(start)} to ${formatUtc(end)}`;
  }

  const endClamped = endMs > nowMs;
  if (endClamped) endMs = nowMs;
  if (startMs >= endMs) {
    return bad(
      startMs >= nowMs
        ? `The window starts in the future (${formatUtc(startMs)}); pick a start before now.`
        : `The window's start ${formatUtc(startMs)} is not before its end ${formatUtc(endMs)}; swap them.`,
    );
  }
  const startTime = Math.floor(startMs / 1000);
  const endTime = Math.floor(endMs / 1000);
  if (endTime - startTime > maxSeconds) {
    return bad(
      `The window ${input} is longer than the maximum of ${options.maxWindow} for this query; narrow it (shorter windows also scan less).`,
    );
  }
  return ok({ startTime, endTime, label, endClamped });
}
