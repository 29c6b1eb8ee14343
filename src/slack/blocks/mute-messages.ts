import type { Episode } from "../../incidents/episode.js";
import { describeMatch, type MuteWindow } from "../../mutes/mute-window.js";
import { formatDuration } from "../../shared/format-duration.js";
import { safeInline } from "../safe-text.js";

const MAX_LISTED = 30;

function outcome(e: Episode): string {
  if (e.status === "resolved" && e.closedAt !== undefined)
    return `back to OK after ${formatDuration(Date.parse(e.closedAt) - Date.parse(e.openedAt))}`;
  return e.status === "open" ? "still in ALARM: posted below" : "still INSUFFICIENT_DATA: posted below";
}

/**
 * The one message a channel gets when a mute window ends: what fired during it (name, first time, how it ended),
 * so nothing that happened while muted goes unseen. Alarm names are made safe (they come from AWS).
 */
export function renderMuteEnded(w: MuteWindow, episodes: readonly Episode[]): string {
  const reason = w.reason !== undefined ? ` (${safeInline(w.reason, 200)})` : "";
  const lines = episodes
    .slice(0, MAX_LISTED)
    .map(
      (e) =>
        `• *${safeInline(e.alarm.name, 120)}* — first at ${e.openedAt.slice(11, 16)} UTC, ${e.alarmCount} notification${e.alarmCount === 1 ? "" : "s"}, ${outcome(e)}`,
    );
  const more = episodes.length > MAX_LISTED ? [`…and ${episodes.length - MAX_LISTED} more`] : [];
  return [
    `:bell: Mute window \`${w.id}\` on ${describeMatch(w.match)} ended${reason}. ${episodes.length} alarm${episodes.length === 1 ? "" : "s"} fired while it was active:`,
    ...lines,
    ...more,
  ].join("\n");
}

/** One line per mute window for `/klaxon mutes` and `/klaxon status`: id, what, until when, who and why. */
export function renderMuteLine(w: MuteWindow): string {
  const who = w.createdBy === "config" ? "klaxon.yaml" : `<@${w.createdBy}>`;
  const reason = w.reason !== undefined ? ` — ${safeInline(w.reason, 200)}` : "";
  return `• \`${w.id}\` ${describeMatch(w.match)} until ${w.endsAt.slice(0, 16).replace("T", " ")} UTC, by ${who} at ${w.createdAt.slice(0, 16).replace("T", " ")} UTC${reason}`;
}
