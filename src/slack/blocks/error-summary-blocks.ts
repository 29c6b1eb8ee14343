import type { ContextBlock, KnownBlock, SectionBlock } from "@slack/types";
import type { ComparedPattern } from "../../error-summary/compare-patterns.js";
import type { ErrorSummary } from "../../error-summary/summarize-errors.js";
import type { StreamShare } from "../../error-summary/top-streams.js";
import { clampField, clampSection, fitBlocks } from "../limits.js";
import { inlineCode, safeInline } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { sparkline } from "../sparkline.js";

/** What the summary alone does not know: which service, how the window was asked for, where to look further. */
export interface ErrorSummaryBlocksContext {
  readonly service: string;
  /** A phrase that reads after "in", e.g. "the last 1 h" or "09:30–10:30". */
  readonly windowText: string;
  /** Logs Insights console link for the same query and window. */
  readonly consoleUrl?: string;
}

/** A ready-to-post message: blocks plus the notification fallback text. */
export interface ErrorSummaryBlocks {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

const SECTION_LIMIT = 3000;
const PATTERN_CHARS = 160;
const SAMPLE_CHARS = 400;
const STREAM_CHARS = 120;
const NAME_CHARS = 120;

/**
 * Renders an `ErrorSummary` as Block Kit: a headline with totals and the ratio, a sparkline of the baseline and
 * current windows on one scale, when the spike started (or that there is none), the top patterns with 🆕 for
 * new and ↑ for rising ones, a redacted sample of the top pattern, the top streams and an optional console
 * link. Every piece of log or config text goes through `safeInline`/`inlineCode` (redacted, escaped); sections
 * stay under 3,000 characters and the message under ten blocks.
 */
export function buildErrorSummaryBlocks(
  summary: ErrorSummary,
  context: ErrorSummaryBlocksContext,
): ErrorSummaryBlocks {
  const headline = headlineText(summary, context);
  const blocks: KnownBlock[] = [
    section(`*${headline}*`),
    section(chartText(summary)),
    contextBlock(rangeText(summary)),
  ];
  blocks.push(section(spikeText(summary)));
  if (summary.patterns.length > 0) {
    blocks.push(section(patternsText(summary)));
    const top = summary.patterns[0];
    if (top !== undefined && top.sample.trim() !== "") {
      blocks.push(contextBlock(`Sample of the top pattern: ${inlineCode(top.sample, SAMPLE_CHARS)}`));
    }
  }
  if (summary.streams.length > 0) {
    blocks.push(section(streamsText(summary.streams)));
  }
  if (context.consoleUrl !== undefined) {
    blocks.push(contextBlock(`<${linkUrl(context.consoleUrl)}|Open these errors in Logs Insights>`));
  }
  return { text: headline, blocks: fitBlocks(blocks) };
}

function headlineText(summary: ErrorSummary, context: ErrorSummaryBlocksContext): string {
  const service = safeInline(context.service, NAME_CHARS);
  const windowText = safeInline(context.windowText, NAME_CHARS);
  const before = formatCount(summary.totalBaseline);
  if (summary.totalCurrent === 0) {
    return `No errors in ${service} in ${windowText} (${before} before)`;
  }
  const ratio = summary.ratio === null ? "none before" : `${formatRatio(summary.ratio)}`;
  return `Errors in ${service}: ${formatCount(summary.totalCurrent)} in ${windowText} vs ${before} before (${ratio})`;
}

function chartText(summary: ErrorSummary): string {
  const before = summary.baselineSeries.counts;
  const now = summary.series.counts;
  if (now.length === 0) {
    return "No bins in this window.";
  }
  // One scale for both windows, so a flat "now" does not look as tall as a spike; split only if the helper
  // returned one character per value.
  const joint = [...sparkline([...before, ...now])];
  if (before.length > 0 && joint.length === before.length + now.length) {
    const beforeBars = joint.slice(0, before.length).join("");
    const nowBars = joint.slice(before.length).join("");
    return `\`${beforeBars}\` before  →  \`${nowBars}\` now`;
  }
  return `\`${sparkline(now)}\` now`;
}

function rangeText(summary: ErrorSummary): string {
  const { series } = summary;
  const end = new Date(series.start.getTime() + series.counts.length * series.binSeconds * 1000);
  const peak = Math.max(0, ...series.counts);
  return `${humanBinSize(summary.binSeconds)} bins from ${slackTime(series.start)} to ${slackTime(end)} · busiest bin ${formatCount(peak)}`;
}

function spikeText(summary: ErrorSummary): string {
  const bin = humanBinSize(summary.binSeconds);
  const { spike } = summary;
  if (spike === undefined) {
    return `No spike: no ${bin} bin went above ${formatCount(Math.floor(summary.threshold))} errors, the usual range for this service.`;
  }
  const size =
    spike.size.ratio === null
      ? "none in the baseline"
      : `${formatRatio(spike.size.ratio)} the usual per ${bin}`;
  return `:chart_with_upwards_trend: Spike started ${slackTime(spike.start)}, peak ${formatCount(spike.peakCount)} errors per ${bin} at ${slackTime(spike.peakBin)} (${size}; ${formatCount(spike.size.excess)} above normal).`;
}

function patternsText(summary: ErrorSummary): string {
  const heading = `*Top patterns*${summary.newPatternCount > 0 ? ` (${summary.newPatternCount} new)` : ""}`;
  return fitLines(heading, summary.patterns.map(patternLine), SECTION_LIMIT);
}

function patternLine(pattern: ComparedPattern): string {
  const marker = pattern.isNew ? "🆕 " : pattern.rising ? "↑ " : "";
  const trend = pattern.isNew
    ? ", new"
    : pattern.ratio === null
      ? ""
      : `, ${formatRatio(pattern.ratio)} vs ${formatCount(pattern.baselineCount)} before`;
  return `• ${marker}${formatCount(pattern.count)} (${formatShare(pattern.share)}${trend}) ${inlineCode(pattern.pattern, PATTERN_CHARS)}`;
}

function streamsText(streams: readonly StreamShare[]): string {
  const lines = streams.map(
    (s) => `• ${formatCount(s.count)} (${formatShare(s.share)}) ${inlineCode(s.stream, STREAM_CHARS)}`,
  );
  return fitLines("*Top streams*", lines, SECTION_LIMIT);
}

/** Adds lines under a heading until the next one would not fit, then says how many were left out. */
function fitLines(heading: string, lines: readonly string[], limit: number): string {
  let text = heading;
  for (const [index, line] of lines.entries()) {
    const more = `\n…and ${lines.length - index} more`;
    if (text.length + 1 + line.length + more.length > limit) {
      return `${text}${more}`;
    }
    text = `${text}\n${line}`;
  }
  return text;
}

function section(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: clampSection(text) } };
}

function contextBlock(text: string): ContextBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: clampField(text) }] };
}

function linkUrl(url: string): string {
  return url.replace(/&/g, "&amp;").replace(/</g, "%3C").replace(/>/g, "%3E").replace(/\|/g, "%7C");
}

function slackTime(date: Date): string {
  return slackDate(date.toISOString());
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function formatRatio(ratio: number): string {
  return ratio >= 100 ? `${Math.round(ratio).toLocaleString("en-US")}×` : `${ratio.toFixed(1)}×`;
}

function formatShare(share: number): string {
  if (share > 0 && share < 0.01) return "&lt;1%";
  return `${Math.round(share * 100)}%`;
}

function humanBinSize(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
