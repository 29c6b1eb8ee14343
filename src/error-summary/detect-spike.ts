/** Options of {@link detectSpike}. */
export interface SpikeOptions {
  /** How many standard deviations above the baseline mean a bin must be. Default 3. */
  readonly k?: number;
  /** A bin must also have at least this many errors, so 0 → 2 is not a spike. Default 5. */
  readonly minCount?: number;
}

/** The run of bins above the threshold that contains the highest bin. */
export interface Spike {
  readonly startIndex: number;
  /** Last bin of the run (inclusive). */
  readonly endIndex: number;
  readonly peakIndex: number;
  readonly peakCount: number;
  /** Peak over the baseline mean; null when the baseline had no errors at all. */
  readonly peakRatio: number | null;
  /** Errors in the run above the baseline mean. */
  readonly excess: number;
}

/** Outcome of {@link detectSpike}: the threshold used, and the spike if there is one. */
export interface SpikeDetection {
  readonly baselineMean: number;
  readonly baselineStdDev: number;
  /** A bin is above it when `count > threshold` (and `count ≥ minCount`). */
  readonly threshold: number;
  readonly spike?: Spike;
}

/**
 * Finds an error spike in a binned series against baseline bins of the same size. A bin is hot when its count
 * exceeds mean + k·σ of the baseline and is at least `minCount`; σ is floored at √mean because error counts
 * are Poisson-like and a perfectly flat baseline would otherwise flag any +1. The spike is the run of hot bins
 * (bridging single cold bins) that contains the highest hot bin, so an early blip does not hide when the real
 * burst began. An empty or all-zero baseline makes `minCount` the only bar; no hot bin means no `spike`.
 */
export function detectSpike(
  current: readonly number[],
  baseline: readonly number[],
  options: SpikeOptions = {},
): SpikeDetection {
  const k = options.k ?? 3;
  const minCount = options.minCount ?? 5;
  const mean = baseline.length > 0 ? baseline.reduce((a, b) => a + b, 0) / baseline.length : 0;
  const variance =
    baseline.length > 0 ? baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / baseline.length : 0;
  const stdDev = Math.sqrt(variance);
  const threshold = mean + k * Math.max(stdDev, Math.sqrt(mean));
  const hot = current.map((count) => count > threshold && count >= minCount);
  const peakIndex = highestHotBin(current, hot);
  const base = { baselineMean: mean, baselineStdDev: stdDev, threshold };
  if (peakIndex === undefined) {
    return base;
  }
  let startIndex = peakIndex;
  while (hot[startIndex - 1] === true || (hot[startIndex - 1] === false && hot[startIndex - 2] === true)) {
    startIndex -= hot[startIndex - 1] === true ? 1 : 2;
  }
  let endIndex = peakIndex;
  while (hot[endIndex + 1] === true || (hot[endIndex + 1] === false && hot[endIndex + 2] === true)) {
    endIndex += hot[endIndex + 1] === true ? 1 : 2;
  }
  const peakCount = current[peakIndex] ?? 0;
  let excess = 0;
  for (let i = startIndex; i <= endIndex; i++) {
    excess += Math.max(0, (current[i] ?? 0) - mean);
  }
  return {
    ...base,
    spike: {
      startIndex,
      endIndex,
      peakIndex,
      peakCount,
      peakRatio: mean > 0 ? peakCount / mean : null,
      excess: Math.round(excess),
    },
  };
}

function highestHotBin(counts: readonly number[], hot: readonly boolean[]): number | undefined {
  let best: number | undefined;
  counts.forEach((count, index) => {
    if (hot[index] === true && (best === undefined || count > (counts[best] ?? 0))) {
      best = index;
    }
  });
  return best;
}
