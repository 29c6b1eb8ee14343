import type { KnownBlock } from "@slack/types";
import { formatBytes } from "../../insights/run-query.js";
import type { ServiceProgress, TraceState } from "../../trace/trace-state.js";
import { fitBlocks, MAX_SECTION_TEXT, MAX_TOTAL_BLOCK_TEXT } from "../limits.js";
import { safeInline, safePlainText, safeText } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { contextBlock, headerBlock, sectionBlock } from "./block-parts.js";
import { formatOffset, timelineCodeBlock, timelineFileText } from "./trace-timeline-table.js";

/** A ready-to-send `/trace` message; `upload` carries the full timeline when the message shows only part. */
export interface TraceMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
  readonly upload?: { readonly filename: string; readonly content: string; readonly title: string };
}

export interface TraceAnswerOptions {
  /** False when the bot cannot post files in the channel, so the message says how to get the full timeline. */
  readonly canUpload?: boolean;
}

/** Rows shown inline before the rest goes to the file. */
const MAX_INLINE_ROWS = 40;
/** Headroom under Slack's aggregate text limit for the header, links and notes added after the table. */
const TABLE_CHARS = MAX_SECTION_TEXT - 100;

const STATUS_ICON: Readonly<Record<ServiceProgress["status"], string>> = {
  pending: "⏳",
  running: "⏳",
  found: "✅",
  empty: "▫️",
  failed: "❌",
};

function hintFor(p: ServiceProgress): string {
  const name = safeInline(p.service, 100);
  const code = p.error?.code ?? "";
  if (code === "insights_log_group_not_found")
    return ` Check \`services.${name}.logGroups\` in klaxon.yaml (and the vars that fill it) and AWS_REGION.`;
  if (code.startsWith("trace_")) return ` Fix \`services.${name}\` in klaxon.yaml.`;
  if (code === "insights_throttled" || code === "insights_unavailable")
    return " Run the trace again in a minute.";
  return "";
}

function serviceLine(p: ServiceProgress, withLink: boolean): string {
  const name = `*${safeInline(p.service, 100)}*`;
  const where = p.window === undefined ? "" : ` · ${safeInline(p.window.label, 120)}`;
  const link = withLink && p.consoleUrl !== undefined ? ` · <${p.consoleUrl}|console>` : "";
  const bytes = p.bytesScanned > 0 ? ` · ${formatBytes(p.bytesScanned)}` : "";
  const note = p.note === undefined ? "" : `\n      _${safeInline(p.note, 300)}_`;
  switch (p.status) {
    case "pending":
      return `${STATUS_ICON.pending} ${name} — waiting`;
    case "running":
      return `${STATUS_ICON.running} ${name} — searching${where}${link}`;
    case "found":
      return `${STATUS_ICON.found} ${name} — ${p.rowCount} line${p.rowCount === 1 ? "" : "s"}${where}${bytes}${link}${note}`;
    case "empty":
      return `${STATUS_ICON.empty} ${name} — no lines${p.window === undefined ? "" : ` in ${safeInline(p.window.label, 120)}`}${p.windowsTried > 1 ? ` (widest of ${p.windowsTried} windows)` : ""}${bytes}${link}${note}`;
    case "failed":
      return `${STATUS_ICON.failed} ${name} — failed: ${safeInline(p.error?.message ?? "unknown error", 500)}${hintFor(p)}${link}`;
  }
}

/** Packs lines into as few sections as the 3,000-character limit allows. */
function packSections(lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let chunk = "";
  for (const line of lines) {
    if (chunk !== "" && chunk.length + line.length + 1 > MAX_SECTION_TEXT) {
      blocks.push(sectionBlock(chunk));
      chunk = "";
    }
    chunk = chunk === "" ? line : `${chunk}\n${line}`;
  }
  if (chunk !== "") blocks.push(sectionBlock(chunk));
  return blocks;
}

function anchorLine(state: TraceState): string {
  const { anchor } = state;
  const parts: string[] = [];
  if (state.requestedWindow !== undefined) parts.push(`Window: ${safeInline(state.requestedWindow, 120)}`);
  else if (anchor.time !== undefined) {
    const how = anchor.timeConfidence === "probable" ? "probably" : "exactly";
    parts.push(
      `Anchored ${how} at ${slackDate(anchor.time.toISOString(), "{date_short} {time_secs}")} (${anchor.kind} ID time)`,
    );
  } else parts.push(`No time in this ${anchor.kind} ID; searching back from now`);
  if (anchor.note !== undefined) parts.push(safeInline(anchor.note, 300));
  return parts.join(" · ");
}

function statusLine(state: TraceState): string {
  const t = state.timeline;
  const lines = t.entries.length;
  const withLines = t.services.filter((s) => s.count > 0).length;
  if (!state.finished) {
    return `⏳ ${state.completed}/${state.total} services done${lines > 0 ? ` · ${lines} line${lines === 1 ? "" : "s"} so far` : ""}`;
  }
  if (lines === 0) {
    return `No service logged \`${safeInline(state.id, 130)}\` in the searched windows. Check the ID, or give a wider window, e.g. \`/trace ${safeInline(state.id, 130)} 24h\`.`;
  }
  const failed = state.services.filter((s) => s.status === "failed").length;
  return (
    `✅ ${lines} line${lines === 1 ? "" : "s"} from ${withLines} of ${state.total} services, ` +
    `${formatOffset(t.durationMs, "")} first to last` +
    (failed > 0 ? ` · ❌ ${failed} service${failed === 1 ? "" : "s"} failed` : "")
  );
}

function firstErrorLine(state: TraceState): string | undefined {
  const e = state.timeline.firstError;
  if (e === undefined) return undefined;
  const level = e.level === undefined ? "" : ` (${safeInline(e.level, 20)})`;
  return `🔥 *First error* in *${safeInline(e.service, 100)}* at ${formatOffset(e.offsetMs)}${level}:\n${safeText(e.message, 800)}`;
}

function hopsLine(state: TraceState): string | undefined {
  const hops = state.timeline.hops;
  if (hops.length === 0) return undefined;
  const parts = hops.map(
    (h) => `${safeInline(h.from, 100)} → ${safeInline(h.to, 100)} ${formatOffset(h.latencyMs)}`,
  );
  return `*Hops:* ${parts.join(" · ")}`;
}

function textLength(blocks: readonly KnownBlock[]): number {
  return JSON.stringify(blocks).length;
}

/**
 * Renders a `/trace` state as Block Kit, while running ("⏳ 2/5 services done") and when finished: a header
 * with the ID, how the search was anchored, the merged timeline as an aligned code block (service, offset from
 * the first line, level, message; log text redacted, escaped and cut), the first error marked 🔥, per-hop
 * latency, one line per service (lines found, window used, bytes, console link; silent and failed services
 * named, failures with what to do) and the total bytes scanned. A timeline too long for the message is shown
 * in part and returned whole as `upload`. Always within Block Kit limits.
 */
export function buildTraceAnswer(state: TraceState, options: TraceAnswerOptions = {}): TraceMessage {
  const canUpload = options.canUpload ?? true;
  const filename = `trace-${state.id.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80)}.txt`;
  const head: KnownBlock[] = [
    headerBlock(`Trace ${safePlainText(state.id, 140)}`),
    sectionBlock(`${statusLine(state)}\n${anchorLine(state)}`),
  ];
  const errorLine = firstErrorLine(state);
  if (errorLine !== undefined) head.push(sectionBlock(errorLine));

  let upload: TraceMessage["upload"];
  if (state.timeline.entries.length > 0) {
    const table = timelineCodeBlock(state.timeline, {
      maxChars: TABLE_CHARS,
      maxRows: MAX_INLINE_ROWS,
      filename,
    });
    head.push(sectionBlock(table.text));
    if (table.shownRows < table.totalRows && state.finished) {
      if (canUpload) {
        const heading = state.services.map(
          (s) => `${s.service}: ${s.status}, ${s.rowCount} lines, ${s.window?.label ?? "-"}`,
        );
        upload = {
          filename,
          content: timelineFileText(state.id, state.timeline, heading),
          title: `Trace ${state.id} (${table.totalRows} lines)`,
        };
      } else {
        head.push(
          contextBlock([
            `The full timeline (${table.totalRows} lines) does not fit here; invite klaxon to this channel to get it as a file.`,
          ]),
        );
      }
    }
  }
  const hops = hopsLine(state);
  if (hops !== undefined) head.push(sectionBlock(hops));

  const footerTexts = [
    `Scanned ${formatBytes(state.bytesScanned)} in ${state.queriesRun} quer${state.queriesRun === 1 ? "y" : "ies"}` +
      (state.elapsedMs > 0 ? ` · took ${formatOffset(state.elapsedMs, "")}` : ""),
    `windows: ${state.windows.map((w) => safeInline(w.label, 80)).join(" → ")}`,
    ...state.timeline.warnings.map((w) => safeInline(w, 300)),
  ];
  const footer = contextBlock(footerTexts);

  // Console links are long (~700 chars each); add them while the message stays under Slack's aggregate limit,
  // found and failed services first because those are the ones people open.
  const budget = MAX_TOTAL_BLOCK_TEXT - 500 - textLength([...head, footer]);
  let shown: ServiceProgress[] = [...state.services];
  let compact: string | undefined;
  let used = shown.reduce((sum, p) => sum + serviceLine(p, false).length + 1, 0);
  if (used > budget) {
    // Dozens of services: name the silent ones on one line instead of one line each.
    const silent = shown.filter((p) => p.status === "empty");
    shown = shown.filter((p) => p.status !== "empty");
    compact = safeText(`${STATUS_ICON.empty} No lines: ${silent.map((p) => p.service).join(", ")}`, 1500);
    used = shown.reduce((sum, p) => sum + serviceLine(p, false).length + 1, compact.length);
  }
  const priority = (p: ServiceProgress) => (p.status === "found" || p.status === "failed" ? 0 : 1);
  const linked = new Set<string>();
  for (const p of [...shown].sort((a, b) => priority(a) - priority(b))) {
    const extra = serviceLine(p, true).length - serviceLine(p, false).length;
    if (extra > 0 && used + extra <= budget) {
      linked.add(p.service);
      used += extra;
    }
  }
  const serviceLines = shown.map((p) => serviceLine(p, linked.has(p.service)));
  const serviceBlocks = packSections(compact === undefined ? serviceLines : [...serviceLines, compact]);
  const blocks = fitBlocks([...head, ...serviceBlocks, footer], { keepLast: 1 });

  const lines = state.timeline.entries.length;
  const firstError = state.timeline.firstError;
  const text = state.finished
    ? `Trace ${safeInline(state.id, 130)}: ${lines} line${lines === 1 ? "" : "s"} from ${state.timeline.services.filter((s) => s.count > 0).length} of ${state.total} services` +
      (firstError === undefined ? "" : `, first error in ${safeInline(firstError.service, 100)}`)
    : `⏳ Tracing ${safeInline(state.id, 130)}: ${state.completed}/${state.total} services done`;
  return upload === undefined ? { text, blocks } : { text, blocks, upload };
}
