/** One `bin(…)` row: the bin's start time and its error count. */
export interface BinPoint {
  readonly time: Date;
  readonly count: number;
}

/** A dense, zero-filled series of counts; bin `i` starts at `start + i · binSeconds`. */
export interface BinnedSeries {
  readonly start: Date;
  readonly binSeconds: number;
  readonly counts: readonly number[];
}

const MINUTE = 60;
const HOUR = 3600;
const SUB_MINUTE_STEPS = [10, 30] as const;
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];
const MAX_BINS = 60;
const MIN_BINS = 12;

/**
 * Picks the bin size for a window so the series has at most 60 bins: the smallest of 1m, 5m, 15m, 30m, 1h, 3h,
 * 6h, 12h, 1d that fits. Windows too short for 12 one-minute bins use 10s or 30s bins instead, because a
 * sparkline of a few bars says little. Windows beyond 60 days get 1d bins (more than 60 of them).
 */
export function chooseBinSeconds(windowSeconds: number): number {
  if (windowSeconds / MINUTE < MIN_BINS) {
    for (const step of SUB_MINUTE_STEPS) {
      if (windowSeconds / step <= MAX_BINS) return step;
    }
  }
  for (const step of STEPS) {
    if (windowSeconds / step <= MAX_BINS) return step;
  }
  return 24 * HOUR;
}

/** Formats a bin size the way Logs Insights' `bin()` takes it: `30s`, `5m`, `1h`, `1d`. */
export function formatBinSize(seconds: number): string {
  if (seconds % (24 * HOUR) === 0) return `${seconds / (24 * HOUR)}d`;
  if (seconds % HOUR === 0) return `${seconds / HOUR}h`;
  if (seconds % MINUTE === 0) return `${seconds / MINUTE}m`;
  return `${seconds}s`;
}

/**
 * Turns sparse `bin(…)` rows into a dense series over `[start, end)`: bins are aligned to multiples of the bin
 * size since the epoch (as Logs Insights aligns them), bins without a row are 0, rows falling in the same bin
 * add up, and rows outside the window are ignored. The first and last bins may be partial.
 */
export function binCounts(
  points: readonly BinPoint[],
  window: { readonly start: Date; readonly end: Date; readonly binSeconds: number },
): BinnedSeries {
  const binMs = window.binSeconds * 1000;
  const first = Math.floor(window.start.getTime() / binMs) * binMs;
  const length = Math.max(0, Math.ceil((window.end.getTime() - first) / binMs));
  const counts = new Array<number>(length).fill(0);
  for (const point of points) {
    const index = Math.floor((point.time.getTime() - first) / binMs);
    const current = counts[index];
    if (current !== undefined && Number.isFinite(point.count) && point.count > 0) {
      counts[index] = current + point.count;
    }
  }
  return { start: new Date(first), binSeconds: window.binSeconds, counts };
}

/** Start time of bin `index` of a series. */
export function binStart(series: BinnedSeries, index: number): Date {
  return new Date(series.start.getTime() + index * series.binSeconds * 1000);
}

/** Sum of all counts of a series. */
export function seriesTotal(series: BinnedSeries): number {
  return series.counts.reduce((a, b) => a + b, 0);
}
