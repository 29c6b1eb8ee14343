import { type BinnedSeries, type BinPoint, binCounts, binStart, seriesTotal } from "./bin-counts.js";
import { type ComparedPattern, comparePatterns } from "./compare-patterns.js";
import { detectSpike, type SpikeOptions } from "./detect-spike.js";
import { type ErrorEvent, groupPatterns } from "./group-patterns.js";
import type { MaskOptions } from "./mask-message.js";
import { type StreamCount, type StreamShare, topStreams } from "./top-streams.js";

/** What the three queries returned for one window (see `buildErrorQueries` and `parse-insights-rows`). */
export interface ErrorWindow {
  readonly start: Date;
  readonly end: Date;
  readonly bins: readonly BinPoint[];
  readonly messages: readonly ErrorEvent[];
  readonly streams: readonly StreamCount[];
}

/** Input of {@link summarizeErrors}. */
export interface SummarizeErrorsInput {
  readonly current: ErrorWindow;
  /** Usually the window of the same length just before `current`. */
  readonly baseline: ErrorWindow;
  /** Optional: the same window a day earlier, so daily jobs' errors are not reported as new. */
  readonly dayBefore?: ErrorWindow;
  readonly binSeconds: number;
  readonly options?: {
    readonly spike?: SpikeOptions;
    readonly maxPatterns?: number;
    readonly maxStreams?: number;
    readonly mask?: MaskOptions;
  };
}

/** Where the spike is and how big, in times rather than bin indexes. */
export interface SpikeFinding {
  readonly start: Date;
  /** Start of the highest bin. */
  readonly peakBin: Date;
  readonly peakCount: number;
  /** End of the last hot bin (exclusive). */
  readonly end: Date;
  readonly size: {
    /** Peak over the baseline's mean per bin; null when the baseline had no errors. */
    readonly ratio: number | null;
    /** Errors above the baseline mean during the spike. */
    readonly excess: number;
  };
}

/** Everything the `/errors` reply shows. */
export interface ErrorSummary {
  readonly binSeconds: number;
  readonly totalCurrent: number;
  readonly totalBaseline: number;
  readonly totalDayBefore?: number;
  /** Error rate now over the baseline rate (window lengths accounted for); null when the baseline had none. */
  readonly ratio: number | null;
  /** Per-bin level a bin had to exceed to count as a spike. */
  readonly threshold: number;
  readonly spike?: SpikeFinding;
  readonly series: BinnedSeries;
  readonly baselineSeries: BinnedSeries;
  /** The largest current patterns with new/rising flags. */
  readonly patterns: readonly ComparedPattern[];
  /** New patterns among all current patterns, including those cut by `maxPatterns`. */
  readonly newPatternCount: number;
  readonly streams: readonly StreamShare[];
}

/**
 * Summarises the errors of a window against its baseline: dense error series for the current and baseline windows, totals and their
 * rate ratio, the spike (start, peak, size) against the baseline bins (plus the day-before bins when given),
 * message patterns marked new or rising versus the baseline (a pattern seen the day before is not new), and
 * the top log streams. Pure: the caller runs the queries and passes their parsed rows.
 */
export function summarizeErrors(input: SummarizeErrorsInput): ErrorSummary {
  const { current, baseline, dayBefore, binSeconds } = input;
  const options = input.options ?? {};
  const series = binCounts(current.bins, { start: current.start, end: current.end, binSeconds });
  const baselineSeries = binCounts(baseline.bins, { start: baseline.start, end: baseline.end, binSeconds });
  const dayBeforeSeries =
    dayBefore === undefined
      ? undefined
      : binCounts(dayBefore.bins, { start: dayBefore.start, end: dayBefore.end, binSeconds });
  const totalCurrent = seriesTotal(series);
  const totalBaseline = seriesTotal(baselineSeries);
  const scale = series.counts.length / Math.max(1, baselineSeries.counts.length);

  const detection = detectSpike(
    series.counts,
    [...baselineSeries.counts, ...(dayBeforeSeries?.counts ?? [])],
    options.spike,
  );
  const groupOptions = options.mask === undefined ? {} : { mask: options.mask };
  const currentGroups = groupPatterns(current.messages, { ...groupOptions, total: totalCurrent });
  const baselineGroups = groupPatterns(baseline.messages, groupOptions);
  const compared = comparePatterns(currentGroups.patterns, baselineGroups.patterns, {
    scale,
    alsoSeenIn: dayBefore === undefined ? [] : [groupPatterns(dayBefore.messages, groupOptions).patterns],
  });
  const spike = detection.spike;
  return {
    binSeconds,
    totalCurrent,
    totalBaseline,
    ...(dayBeforeSeries === undefined ? {} : { totalDayBefore: seriesTotal(dayBeforeSeries) }),
    ratio: totalBaseline > 0 ? totalCurrent / (totalBaseline * scale) : null,
    threshold: detection.threshold,
    ...(spike === undefined
      ? {}
      : {
          spike: {
            start: binStart(series, spike.startIndex),
            peakBin: binStart(series, spike.peakIndex),
            peakCount: spike.peakCount,
            end: binStart(series, spike.endIndex + 1),
            size: { ratio: spike.peakRatio, excess: spike.excess },
          },
        }),
    series,
    baselineSeries,
    patterns: compared.slice(0, options.maxPatterns ?? 8),
    newPatternCount: compared.filter((p) => p.isNew).length,
    streams: topStreams(current.streams, { max: options.maxStreams ?? 5, total: totalCurrent }),
  };
}
