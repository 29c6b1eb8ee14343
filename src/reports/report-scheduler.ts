import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { type PeriodicTask, periodicTask } from "../shared/periodic-task.js";
import type { Store } from "../store/store.js";
import { lastWeeklyTime, type ReportOutput, runHygieneReport } from "./run-report.js";

/** What the weekly report needs: the store, the clock, where and when to post, and how. */
export interface ReportSchedulerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly channel: string;
  /** `Mon 09:00 UTC`. */
  readonly weekly: string;
  readonly days: number;
  /** Posts the report text and its chart in the channel. */
  readonly post: (channel: string, output: ReportOutput) => Promise<void>;
  /** Called with each report posted (the App Home shows its headline). */
  readonly onReport?: (output: ReportOutput) => void;
}

/** A periodic task; `runOnce` posts the weekly report when one is due and returns whether it did. */
export type ReportScheduler = PeriodicTask<boolean>;

// A report missed while klaxon was down is still posted when it comes back within this long.
const CATCH_UP_MS = 86_400_000;

/**
 * Posts the alarm-hygiene report once a week. Every replica looks; the store's one-time claim on the week's
 * slot decides which one posts, so two replicas never double it.
 */
export function createReportScheduler(
  deps: ReportSchedulerDeps,
  options: { intervalMs?: number | undefined } = {},
): ReportScheduler {
  async function runOnce(): Promise<boolean> {
    const now = deps.clock();
    const due = lastWeeklyTime(deps.weekly, now);
    if (due === undefined || now.getTime() - due > CATCH_UP_MS) return false;
    const slot = new Date(due).toISOString();
    if (!(await deps.store.claimOnce(`report#${slot}`, now))) return false;
    const output = await runHygieneReport(deps.store, now, deps.days);
    await deps.post(deps.channel, output);
    deps.logger.info(
      { channel: deps.channel, slot, episodes: output.report.total.episodes },
      "weekly report posted",
    );
    deps.onReport?.(output);
    return true;
  }

  return periodicTask(runOnce, {
    intervalMs: options.intervalMs ?? 60_000,
    logger: deps.logger,
    failure: "weekly report failed; it is not retried until next week",
    fallback: false,
  });
}
