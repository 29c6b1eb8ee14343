import type { IncidentTimeline } from "../../incidents/build-timeline.js";
import { formatDuration } from "../../shared/format-duration.js";
import { safeInline } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { contextBlock, type MessageContent, sectionBlock } from "./block-parts.js";

const mention = (user: string) => (/^[UW][A-Z0-9]{2,30}$/.test(user) ? `<@${user}>` : safeInline(user, 80));

/**
 * The short summary posted in the alarm thread with the postmortem draft: impact window, time to acknowledge
 * and to resolve, who responded and how much of the checklist was done.
 */
export function renderTimelineSummary(t: IncidentTimeline): MessageContent {
  const start = slackDate(t.impactStart, "{date_short} {time}");
  const end = t.impactEnd !== undefined ? slackDate(t.impactEnd, "{time}") : "still open";
  const span =
    t.impactEnd !== undefined
      ? ` (${formatDuration(Date.parse(t.impactEnd) - Date.parse(t.impactStart))})`
      : "";
  const lines = [
    `:spiral_note_pad: *Incident timeline: ${safeInline(t.episode.alarm.name, 200)}*`,
    `• Impact: ${start} to ${end}${span}`,
    `• Acknowledged: ${t.timeToAcknowledgeMs !== undefined ? `after ${formatDuration(t.timeToAcknowledgeMs)}` : "never"} · resolved: ${t.timeToResolveMs !== undefined ? `after ${formatDuration(t.timeToResolveMs)}` : "not yet"}`,
    `• Responders: ${t.responders.length > 0 ? t.responders.map(mention).join(", ") : "nobody acted in Slack"}`,
  ];
  if (t.checklist)
    lines.push(
      `• Checklist: ${t.checklist.done}/${t.checklist.total} steps done${t.checklist.open.length > 0 ? ` (${t.checklist.open.length} open follow-ups)` : ""}`,
    );
  const notes = [`${t.events.length} events in the postmortem draft below`];
  if (!t.messages.included) notes.push(`human messages not included: ${safeInline(t.messages.why, 200)}`);
  return {
    text: `Incident timeline: ${t.episode.alarm.name}`.replace(/[<>&]/g, ""),
    blocks: [sectionBlock(lines.join("\n")), contextBlock(notes)],
  };
}
