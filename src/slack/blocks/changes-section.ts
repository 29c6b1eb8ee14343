import type { KnownBlock } from "@slack/types";
import type { Change, ChangesReport } from "../../changes/change.js";
import { relativeTime } from "../../changes/change-hint.js";
import { formatDuration } from "../../shared/format-duration.js";
import { safeInline } from "../safe-text.js";
import { contextBlock, type MessageContent, sectionBlock } from "./block-parts.js";

const SHOWN = 5;
const NAME_CHARS = 80;
const DETAIL_CHARS = 160;

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
  const when = relativeTime(Date.parse(change.at), referenceMs, words);
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
