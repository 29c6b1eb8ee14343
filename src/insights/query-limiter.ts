/** Caps how many Logs Insights queries klaxon runs at once; extra work waits in first-in, first-out order. */
export interface QueryLimiter {
  /** Runs `task` when a slot is free and releases the slot when it settles, success or failure. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Queries running now. */
  readonly active: number;
  /** Queries waiting for a slot. */
  readonly queued: number;
}

/**
 * Creates the one limiter all `/insights`, `/trace` and `/errors` callers share, so together they stay under
 * the account's concurrent-query quota (shared with dashboards and other tools) instead of each hitting
 * LimitExceededException.
 */
export function createQueryLimiter(max: number): QueryLimiter {
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`createQueryLimiter: max must be a positive integer, got ${max}`);
  let active = 0;
  const waiting: (() => void)[] = [];

  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };

  const acquire = (): Promise<void> => {
    if (active < max) {
      active += 1;
      return Promise.resolve();
    }
    // The slot passes straight from the finishing task to the next waiter, so `active` never dips and a
    // newcomer cannot overtake the queue.
    return new Promise((resolve) => waiting.push(resolve));
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
  };
}
