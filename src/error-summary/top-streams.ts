/** Errors counted for one log stream (a row of `stats count(*) as n by @logStream`). */
export interface StreamCount {
  readonly stream: string;
  readonly count: number;
}

/** A stream's count with its share of all errors. */
export interface StreamShare extends StreamCount {
  /** Between 0 and 1. */
  readonly share: number;
}

/** Options of {@link topStreams}. */
export interface TopStreamsOptions {
  /** Default 5. */
  readonly max?: number;
  /** All errors in the window; the query returns only the top streams, so their sum may be smaller. */
  readonly total?: number;
}

/**
 * The streams with the most errors, largest first (ties by name), each with its share of `total` (or of the sum
 * of the given counts when that is larger or `total` is absent). Duplicate stream names are added together and
 * streams with no errors are dropped.
 */
export function topStreams(counts: readonly StreamCount[], options: TopStreamsOptions = {}): StreamShare[] {
  const merged = new Map<string, number>();
  for (const { stream, count } of counts) {
    if (count > 0) {
      merged.set(stream, (merged.get(stream) ?? 0) + count);
    }
  }
  const sum = [...merged.values()].reduce((a, b) => a + b, 0);
  const denominator = Math.max(sum, options.total ?? 0);
  return [...merged.entries()]
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, options.max ?? 5))
    .map(([stream, count]) => ({ stream, count, share: denominator > 0 ? count / denominator : 0 }));
}
