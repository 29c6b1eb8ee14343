import { formatDuration } from "../shared/format-duration.js";
import type { ChangesReport } from "./change.js";

const HINT_WINDOW_MS = 30 * 60_000;

/** "43 min before" the reference time, "2 min after", or "just before" within a minute. */
export function relativeTime(
  atMs: number,
  referenceMs: number,
  words: { before: string; after: string },
): string {
  const diff = referenceMs - atMs;
  if (Math.abs(diff) < 60_000) return diff >= 0 ? `just ${words.before}` : `just ${words.after}`;
  return `${formatDuration(Math.abs(diff))} ${diff >= 0 ? words.before : words.after}`;
}

/**
 * The one-line hint on the alarm message: the most relevant change to the alarm's resources or service within
 * 30 minutes before it, or undefined when there is none (a change elsewhere in the account is no hint).
 */
export function changeHint(report: ChangesReport, alarmMs: number): string | undefined {
  const near = report.changes.find((c) => {
    const t = Date.parse(c.at);
    return c.relevance !== "other" && t <= alarmMs && alarmMs - t <= HINT_WINDOW_MS;
  });
  if (!near) return undefined;
  const on = near.resource !== undefined ? ` on ${near.resource}` : "";
  return `${near.what}${on} by ${near.who}, ${relativeTime(Date.parse(near.at), alarmMs, { before: "before", after: "after" })} the alarm`;
}
