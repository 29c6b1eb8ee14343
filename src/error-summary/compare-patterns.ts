import type { MessagePattern } from "./group-patterns.js";

/** A current pattern with how it compares to the baseline window. */
export interface ComparedPattern extends MessagePattern {
  /** Count of the same pattern in the baseline window (0 when absent). */
  readonly baselineCount: number;
  /** Absent from the baseline and from every `alsoSeenIn` window. */
  readonly isNew: boolean;
  /** Present before, and now at least `risingRatio` times as frequent (rate-adjusted). */
  readonly rising: boolean;
  /** Rate in the current window over the rate in the baseline; null when the baseline has none. */
  readonly ratio: number | null;
}

/** Options of {@link comparePatterns}. */
export interface CompareOptions {
  /** Current window length over baseline window length, so rates compare fairly. Default 1. */
  readonly scale?: number;
  /** Minimum rate ratio for `rising`. Default 2. */
  readonly risingRatio?: number;
  /** Minimum current count for `rising`, so 2 versus 1 is not news. Default 3. */
  readonly minRisingCount?: number;
  /** Other windows (e.g. the same hour the day before) in which a pattern counts as already seen. */
  readonly alsoSeenIn?: readonly (readonly MessagePattern[])[];
}

/**
 * Marks each current pattern against the baseline: `isNew` when the baseline (and every `alsoSeenIn` window)
 * never had it, `rising` when it had it but the rate grew by at least `risingRatio`, with the counts and ratio.
 * Patterns are matched by their masked text, so the baseline must be grouped with the same mask options and
 * should not be truncated (a pattern cut from the baseline would look new).
 */
export function comparePatterns(
  current: readonly MessagePattern[],
  baseline: readonly MessagePattern[],
  options: CompareOptions = {},
): ComparedPattern[] {
  const scale = options.scale ?? 1;
  const risingRatio = options.risingRatio ?? 2;
  const minRisingCount = options.minRisingCount ?? 3;
  const baselineCounts = new Map(baseline.map((p) => [p.pattern, p.count]));
  const seenElsewhere = new Set((options.alsoSeenIn ?? []).flatMap((window) => window.map((p) => p.pattern)));
  return current.map((pattern) => {
    const baselineCount = baselineCounts.get(pattern.pattern) ?? 0;
    const ratio = baselineCount > 0 && scale > 0 ? pattern.count / (baselineCount * scale) : null;
    const isNew = baselineCount === 0 && !seenElsewhere.has(pattern.pattern);
    const rising = ratio !== null && ratio >= risingRatio && pattern.count >= minRisingCount;
    return { ...pattern, baselineCount, isNew, rising, ratio };
  });
}
