import type { Timeline, TimelineEntry } from "../../trace/merge-timeline.js";
import { formatTable } from "../format-table.js";
import { redactSecrets } from "../redact-secrets.js";
import { codeBlock, stripInvisible } from "../safe-text.js";

/** Marks the first error's row in the table; a literal emoji so it shows inside a code block too. */
export const FIRST_ERROR_MARK = "🔥";
const COLUMNS = ["service", "offset", "level", "message"];

/**
 * An offset or latency as people read traces: `+0 ms`, `+850 ms`, `+1.234 s`, `+2 min 05.1 s`. Milliseconds
 * stay visible below a minute, because hops inside one request are usually that short.
 */
export function formatOffset(ms: number, sign = "+"): string {
  const v = Math.max(0, Math.round(ms));
  if (v < 1000) return `${sign}${v} ms`;
  if (v < 60_000) return `${sign}${(v / 1000).toFixed(3)} s`;
  const min = Math.floor(v / 60_000);
  const s = ((v % 60_000) / 1000).toFixed(1).padStart(4, "0");
  return `${sign}${min} min ${s} s`;
}

const clean = (text: string): string => redactSecrets(stripInvisible(text)).replace(/\s+/g, " ").trim();

function rowOf(entry: TimelineEntry, firstError: TimelineEntry | undefined): string[] {
  const level = entry.level ?? "";
  return [
    entry.service,
    formatOffset(entry.offsetMs),
    entry === firstError ? `${FIRST_ERROR_MARK}${level || "ERROR"}` : level,
    entry.message,
  ].map(clean);
}

/** The timeline as table rows, redacted and flattened, one per log line. */
export function timelineRows(timeline: Timeline): string[][] {
  return timeline.entries.map((e) => rowOf(e, timeline.firstError));
}

/** What fits in the message: the whole table, or the first rows with how many more are in the file. */
export interface TimelineBlockText {
  readonly text: string;
  readonly shownRows: number;
  readonly totalRows: number;
}

/**
 * The timeline as an aligned, escaped code block of at most `maxChars`: every row when they all fit within
 * `maxRows`, else as many leading rows as fit followed by "… N more lines in <filename>". Messages are cut to
 * the table width; the file carries them whole.
 */
export function timelineCodeBlock(
  timeline: Timeline,
  options: { readonly maxChars: number; readonly maxRows: number; readonly filename: string },
): TimelineBlockText {
  const rows = timelineRows(timeline);
  const render = (n: number): string => {
    const more = rows.length - n;
    const footer = more > 0 ? `\n… ${more} more line${more === 1 ? "" : "s"} in ${options.filename}` : "";
    return codeBlock(
      formatTable(COLUMNS, rows.slice(0, n), { maxWidth: 110, maxRows: n }) + footer,
      Number.MAX_SAFE_INTEGER,
    );
  };
  if (rows.length <= options.maxRows) {
    const full = render(rows.length);
    if (full.length <= options.maxChars)
      return { text: full, shownRows: rows.length, totalRows: rows.length };
  }
  let lo = 0;
  let hi = Math.min(rows.length, options.maxRows);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(mid).length <= options.maxChars) lo = mid;
    else hi = mid - 1;
  }
  const text = render(lo);
  return {
    text: text.length <= options.maxChars ? text : codeBlock("(timeline in the file)", options.maxChars),
    shownRows: lo,
    totalRows: rows.length,
  };
}

/**
 * The whole timeline as plain text for a file upload: a title, the aligned table with messages kept whole
 * (secrets redacted; files are not mrkdwn, so nothing is escaped) and the per-hop latencies.
 */
export function timelineFileText(id: string, timeline: Timeline, heading: readonly string[]): string {
  const rows = timelineRows(timeline);
  const table = formatTable(COLUMNS, rows, { maxWidth: 100_000, maxRows: rows.length });
  const hops = timeline.hops.map((h) => `  ${h.from} -> ${h.to}: ${formatOffset(h.latencyMs, "")}`);
  return [
    `Trace ${clean(id)}`,
    ...heading.map(clean),
    "",
    table,
    ...(hops.length > 0 ? ["", "Hops:", ...hops] : []),
    "",
  ].join("\n");
}
