import type { KnownBlock } from "@slack/types";
import type { Change, ChangesReport } from "../../changes/change.js";
import { formatDuration } from "../../shared/format-duration.js";
import { safeInline } from "../safe-text.js";
import { contextBlock, type MessageContent, sectionBlock } from "./block-parts.js";

const SHOWN = 5;
const NAME_CHARS = 80;
const DETAIL_CHARS = 160;
const HINT_WINDOW_MS = 30 * 60_000;

/** "43 min before" the reference time, "2 min after", or "just before" within a minute. */
function relative(atMs: number, referenceMs: number, words: { before: string; after: string }): string {
  const diff = referenceMs - atMs;
  if (Math.abs(diff) < 60_000) return diff >= 0 ? `just ${words.before}` : `just ${words.after}`;
  return `${formatDuration(Math.abs(diff))} ${diff >= 0 ? words.before : words.after}`;
}

/** Makes a URL safe inside `<url|text>`: only http(s), and no characters that end the link early. */
function linkTo(url: string | undefined, label: string): string {
  if (url === undefined || !/^https:\/\/[^\s<>|]{1,1500}$/.test(url)) return "";
  return ` <${url}|${label}>`;
}

/** One change in one mrkdwn line: when, what, on what, by whom, detail, link. */
export function changeLine(
  change: Change,
  referenceMs: number,
  words = { before: "before", after: "after" },
): string {
  const when = relative(Date.parse(change.at), referenceMs, words);
  const on =
    change.resource !== undefined
      ? ` on \`${safeInline(change.resource, NAME_CHARS).replace(/`/g, "'")}\``
      : "";
  const detail = change.detail !== undefined ? ` · ${safeInline(change.detail, DETAIL_CHARS)}` : "";
  const label = change.source === "ecs" ? "deployments" : "event";
  return `• ${when}: *${safeInline(change.what, NAME_CHARS)}*${on} by ${safeInline(change.who, NAME_CHARS)}${detail}${linkTo(change.link, label)}`;
}

/**
 * The "Changes before the alarm" part of a first look (and the `/klaxon changes` answer): the top five lines,
 * "+ N more", and the notes (a missing permission, a throttle, a timeout) as context. Nothing found is said
 * plainly, since "no changes" is itself a finding.
 */
export function renderChangesSection(
  report: ChangesReport,
  options: { readonly heading: string; readonly referenceMs: number; readonly relativeTo?: "alarm" | "now" },
): MessageContent {
  const words = options.relativeTo === "now" ? { before: "ago", after: "from now" } : undefined;
  const lines = report.changes.slice(0, SHOWN).map((c) => changeLine(c, options.referenceMs, words));
  const more = report.changes.length - lines.length;
  const span = formatDuration(report.endMs - report.startMs);
  const body =
    lines.length > 0
      ? `${options.heading}\n${lines.join("\n")}${more > 0 ? `\n+ ${more} more` : ""}`
      : `${options.heading}\nNo write API calls or deployments found in the ${span} searched.`;
  const blocks: KnownBlock[] = [sectionBlock(body)];
  if (report.notes.length > 0)
    blocks.push(contextBlock(report.notes.map((n) => `:information_source: ${safeInline(n, 300)}`)));
  const text = lines.length > 0 ? `${lines.length + Math.max(0, more)} change(s) found` : "no changes found";
  return { text, blocks };
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
  return `${near.what}${on} by ${near.who}, ${relative(Date.parse(near.at), alarmMs, { before: "before", after: "after" })} the alarm`;
}
