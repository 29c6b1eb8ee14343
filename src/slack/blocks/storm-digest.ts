import type { KnownBlock } from "@slack/types";
import type { DigestMember, StormDigest } from "../../incidents/storm-digest.js";
import { formatDuration } from "../../shared/format-duration.js";
import { MAX_MESSAGE_TEXT } from "../limits.js";
import { safeInline, safePlainText } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { truncateMrkdwn } from "../truncate-text.js";
import { contextBlock, headerBlock, type MessageContent, sectionBlock } from "./block-parts.js";

/** Alarms listed by name; the rest are counted ("and 240 more"), keeping the message far below Block Kit limits. */
export const MAX_DIGEST_LINES = 60;
const LINES_PER_SECTION = 20;

function emoji(m: DigestMember): string {
  if (m.resolved) return "✅";
  return m.state === "ALARM" ? "🔴" : m.state === "OK" ? "✅" : "⚪";
}

function label(m: DigestMember): string {
  return m.resolved ? "resolved" : m.state;
}

/** Firing first, then no data, then resolved; within a group, in the order they joined. */
function ordered(members: readonly DigestMember[]): DigestMember[] {
  const rank = (m: DigestMember): number => (m.resolved ? 2 : m.state === "ALARM" ? 0 : 1);
  return members
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
    .map((x) => x.m);
}

/**
 * Renders a storm digest: "🌩️ Alarm storm in #x: 37 alarms in 1 min", counts of firing and resolved alarms, the
 * first 60 alarm names with their states (firing first) in sections of 20 lines, and "… and M more". Alarm names
 * are untrusted and escaped; each is clamped so a section never passes 3,000 characters.
 */
export function buildStormDigest(digest: StormDigest): MessageContent {
  const channel = safePlainText(digest.channel, 80);
  const span = formatDuration(Date.parse(digest.lastJoinedAt) - Date.parse(digest.openedAt));
  const spanText = span === "0 s" ? "" : ` in ${span}`;
  const firing = digest.members.filter((m) => !m.resolved && m.state === "ALARM").length;
  const resolved = digest.members.filter((m) => m.resolved).length;
  const noData = digest.members.length - firing - resolved;
  const title = `🌩️ Alarm storm in ${channel}: ${digest.total} alarms${spanText}`;
  const counts = [`🔴 *${firing}* firing`, `✅ *${resolved}* resolved`];
  if (noData > 0) counts.push(`⚪ *${noData}* no data`);
  if (digest.overflow > 0) counts.push(`*${digest.overflow}* more not tracked by name`);
  const blocks: KnownBlock[] = [
    headerBlock(title),
    sectionBlock(
      `${counts.join(" · ")}\nToo many new alarms at once for one message each: they are listed here and ` +
        "this message is updated as they change.",
    ),
  ];
  const listed = ordered(digest.members).slice(0, MAX_DIGEST_LINES);
  for (let i = 0; i < listed.length; i += LINES_PER_SECTION) {
    const lines = listed
      .slice(i, i + LINES_PER_SECTION)
      .map((m) => `${emoji(m)} ${safeInline(m.name, 60)} — ${label(m)} ${slackDate(m.time, "{time}")}`);
    blocks.push(sectionBlock(lines.join("\n")));
  }
  const more = digest.total - listed.length;
  const context = [`since ${slackDate(digest.openedAt)}`];
  if (more > 0) context.unshift(`… and ${more} more`);
  blocks.push(contextBlock(context));
  const text = `${title} (${firing} firing, ${resolved} resolved)`;
  return { text: truncateMrkdwn(text, MAX_MESSAGE_TEXT), blocks };
}
