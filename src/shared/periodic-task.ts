import type { Logger } from "./logger.js";

/** A background pass run every `intervalMs`, never twice at once, that can also be run on demand. */
export interface PeriodicTask<T> {
  start(): void;
  /** One pass now (tests, and callers that want the result). */
  runOnce(): Promise<T>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `runOnce` every `intervalMs` on an unref'd timer, skipping a tick while the previous pass still runs. A
 * failed pass is logged with `failure` (which says what happens next) and counts as `fallback`; the timer goes on.
 */
export function periodicTask<T>(
  runOnce: () => Promise<T>,
  options: {
    readonly intervalMs: number;
    readonly logger: Logger;
    readonly failure: string;
    readonly fallback: T;
  },
): PeriodicTask<T> {
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<T> | undefined;
  const tick = (): void => {
    if (pass) return;
    pass = runOnce()
      .catch((error: unknown) => {
        options.logger.error({ err: error }, options.failure);
        return options.fallback;
      })
      .finally(() => {
        pass = undefined;
      });
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
    },
    runOnce,
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await pass;
    },
  };
}
