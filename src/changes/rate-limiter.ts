import type { Clock } from "../shared/clock.js";

/** CloudTrail `LookupEvents` allows about two requests per second per account and region. */
export const LOOKUP_EVENTS_PER_SECOND = 2;

/** Waits `ms` milliseconds; injected so tests need not sleep. */
export type Sleep = (ms: number) => Promise<void>;

/** The default {@link Sleep}: a timer. */
export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A per-key spacing limiter: calls for one key (an account and region) start at most `perSecond` times a
 * second, in order, however many lookups run at once — CloudTrail's `LookupEvents` allows about two requests
 * per second per account and region, and going over only earns throttling errors.
 */
export function createRateLimiter(options: {
  readonly perSecond: number;
  readonly clock: Clock;
  readonly sleep?: Sleep;
}): (key: string) => Promise<void> {
  const spacing = 1000 / options.perSecond;
  const sleep = options.sleep ?? timerSleep;
  const nextFree = new Map<string, number>();
  return async (key) => {
    const now = options.clock().getTime();
    const at = Math.max(now, nextFree.get(key) ?? now);
    nextFree.set(key, at + spacing);
    if (at > now) await sleep(at - now);
  };
}
