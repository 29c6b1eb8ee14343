import { targetOf } from "../aws/aws-accounts.js";
import { consoleQueryUrl } from "../insights/console-query-url.js";
import { chooseBinSeconds } from "./bin-counts.js";
import { buildErrorQueries, type ErrorQueries } from "./build-error-queries.js";
import type {
  ErrorSummaryDeps,
  ErrorSummaryOutcome,
  ErrorSummaryRequest,
  ErrorSummaryWindows,
  QueryName,
  QueryPart,
  QueryRange,
  WindowName,
} from "./error-summary-types.js";
import { inlineErrorSummaryWork } from "./error-summary-work.js";
import { rowsToBinPoints, rowsToErrorEvents, rowsToStreamCounts } from "./parse-insights-rows.js";
import { type PartRun, runPart, sumStats } from "./run-summary-part.js";
import type { ErrorSummary, ErrorWindow } from "./summarize-errors.js";

const DAY = 86_400;
const EVENTS_LIMIT = 200;
const LABELS: Readonly<Record<WindowName, string>> = {
  current: "current window",
  baseline: "baseline",
  dayBefore: "day-before",
};

/**
 * The windows a summary compares: the current one as given, the previous window of the same length ending one
 * second before it (so no event is counted twice), and the same window a day earlier when the window is
 * shorter than a day.
 */
export function errorSummaryWindows(current: QueryRange): ErrorSummaryWindows {
  const length = current.endTime - current.startTime;
  const baseline = { startTime: current.startTime - length, endTime: current.startTime - 1 };
  if (length >= DAY) return { current, baseline };
  return {
    current,
    baseline,
    dayBefore: { startTime: current.startTime - DAY, endTime: current.endTime - DAY },
  };
}

/**
 * Bin size for a summary window. The reply draws baseline and current side by side, so each gets half of the
 * 60-bin budget `chooseBinSeconds` aims at; the coarser bins also lift a quiet service's burst above the spike
 * detector's minimum count (a 1 h window gets 5 min bins).
 */
export function errorSummaryBinSeconds(windowSeconds: number): number {
  return chooseBinSeconds(windowSeconds * 2);
}

/**
 * Runs `/errors` for one target: the bin, message and stream queries over the current window, bins and messages
 * over the baseline and the day before (streams are only shown for now), all at once through the shared
 * limiter and `runQuery`, each under the bytes-scanned cap. A failed baseline or day-before part only adds a
 * note (a day-before window past the retention just drops out); a failed current bin query makes the outcome
 * `failed`. Never throws for query trouble: every part is reported with its status and cost.
 */
export async function runErrorSummary(
  deps: ErrorSummaryDeps,
  request: ErrorSummaryRequest,
): Promise<ErrorSummaryOutcome> {
  const { target } = request;
  const windows = errorSummaryWindows(request.window);
  const binSeconds = errorSummaryBinSeconds(request.window.endTime - request.window.startTime);
  const built = buildErrorQueries(target.name, target.service, binSeconds);
  const consoleUrl = consoleQueryUrl({
    region: targetOf(target.service)?.region ?? deps.region,
    queryString: built.ok ? eventsQuery(built.value) : "",
    logGroupNames: target.service.logGroups,
    ...windows.current,
  });
  const base = { target, windows, binSeconds, consoleUrl };
  if (!built.ok) {
    return { ...base, kind: "failed", message: built.error.message, parts: [], statistics: sumStats([]) };
  }
  const queries = built.value;
  const deadline = request.budgetMs === undefined ? undefined : deps.clock().getTime() + request.budgetMs;
  const run = (window: WindowName, query: QueryName, range: QueryRange) =>
    runPart(deps, { window, query, range, queries, deadline, maxBytes: request.maxBytesScanned });

  const { dayBefore } = windows;
  const [bins, messages, streams, baseBins, baseMessages, dayBins, dayMessages] = await Promise.all([
    run("current", "countsByBin", windows.current),
    run("current", "topMessages", windows.current),
    run("current", "topStreams", windows.current),
    run("baseline", "countsByBin", windows.baseline),
    run("baseline", "topMessages", windows.baseline),
    dayBefore === undefined ? undefined : run("dayBefore", "countsByBin", dayBefore),
    dayBefore === undefined ? undefined : run("dayBefore", "topMessages", dayBefore),
  ]);
  const all = [bins, messages, streams, baseBins, baseMessages, dayBins, dayMessages].flatMap((p) =>
    p === undefined ? [] : [p],
  );
  const parts = all.map((p) => p.part);
  const statistics = sumStats(all);
  deps.logger.info(
    { target: target.name, bytesScanned: statistics.bytesScanned, failed: statistics.failed },
    "errors summary queries done",
  );
  if (bins.rows === undefined) {
    return {
      ...base,
      kind: "failed",
      message: bins.part.message ?? "the error count query failed",
      parts,
      statistics,
    };
  }

  const field = target.service.messageField;
  const errorWindow = (range: QueryRange, b: PartRun, m: PartRun | undefined, s?: PartRun): ErrorWindow => ({
    start: new Date(range.startTime * 1000),
    end: new Date(range.endTime * 1000),
    bins: rowsToBinPoints(b.rows ?? []).items,
    messages: m?.rows === undefined ? [] : rowsToErrorEvents(m.rows, field).items,
    streams: s?.rows === undefined ? [] : rowsToStreamCounts(s.rows).items,
  });
  const dayUsable =
    dayBefore !== undefined && dayBins?.rows !== undefined && dayMessages?.rows !== undefined
      ? errorWindow(dayBefore, dayBins, dayMessages)
      : undefined;
  let summary: ErrorSummary;
  try {
    summary = await (deps.work ?? inlineErrorSummaryWork).summarize({
      current: errorWindow(windows.current, bins, messages, streams),
      baseline: errorWindow(windows.baseline, baseBins, baseMessages),
      ...(dayUsable === undefined ? {} : { dayBefore: dayUsable }),
      binSeconds,
    });
  } catch (error) {
    deps.logger.warn({ err: error, target: target.name }, "errors summary: grouping the messages failed");
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      kind: "failed",
      message: `grouping the error messages failed (${reason}); try a shorter window`,
      parts,
      statistics,
    };
  }
  return {
    ...base,
    kind: "summary",
    // Without the baseline's messages every pattern would look new; say nothing rather than something false.
    summary: baseMessages.rows === undefined ? withoutNewMarks(summary) : summary,
    notes: notesFor(parts),
    parts,
    statistics,
  };
}

/** One line per window with trouble, e.g. "baseline: failed (…)", so the reader knows what the numbers lack. */
function notesFor(parts: readonly QueryPart[]): string[] {
  const notes: string[] = [];
  for (const window of ["current", "baseline", "dayBefore"] as const) {
    const troubled = parts.filter((p) => p.window === window && p.status !== "complete");
    const first = troubled[0];
    if (first === undefined) continue;
    const what = troubled.map((p) => p.query).join(", ");
    const consequence =
      window === "dayBefore" && first.status !== "partial"
        ? " (not compared with the day before)"
        : window === "baseline" && troubled.some((p) => p.query === "topMessages" && p.status !== "partial")
          ? " (patterns not marked new)"
          : "";
    notes.push(
      `${LABELS[window]} ${what}: ${first.status}${consequence}: ${first.message ?? "no reason given"}`,
    );
  }
  return notes;
}

function withoutNewMarks(summary: ErrorSummary): ErrorSummary {
  return {
    ...summary,
    patterns: summary.patterns.map((p) => ({ ...p, isNew: false, rising: false })),
    newPatternCount: 0,
  };
}

/** The current window's error events themselves, newest first: the useful place to start in the console. */
function eventsQuery(queries: ErrorQueries): string {
  const at = queries.countsByBin.lastIndexOf("\n| stats ");
  if (at < 0) return queries.topMessages;
  return `${queries.countsByBin.slice(0, at)}\n| fields @timestamp, @logStream, @message\n| sort @timestamp desc\n| limit ${EVENTS_LIMIT}`;
}
