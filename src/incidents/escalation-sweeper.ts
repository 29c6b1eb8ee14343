import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { type PeriodicTask, periodicTask } from "../shared/periodic-task.js";
import type { Store } from "../store/store.js";
import { escalateEpisode } from "./escalation.js";

/** What the sweeper needs: the store, the (injectable) clock, and a way to wake the outbox. */
export interface EscalationSweeperDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called after escalation replies were enqueued. */
  readonly onEnqueued: () => void;
}

/** Escalation settings: `incidents.escalation.afterMinutes` and how often to look (30 s by default). */
export interface EscalationSweeperOptions {
  readonly afterMinutes: number;
  readonly intervalMs?: number | undefined;
  /** Episodes looked at per pass; the rest wait for the next pass. */
  readonly batch?: number;
}

/** A periodic task; `runOnce` does one pass and returns how many episodes it escalated. */
export type EscalationSweeper = PeriodicTask<number>;

/**
 * Periodically escalates open episodes nobody acknowledged within `afterMinutes`: one thread reply mentioning the
 * route's `escalateTo`. Each escalation goes through the store's atomic `updateEpisode`, which re-checks the
 * episode, so several replicas sweeping at once still escalate each episode exactly once.
 */
export function createEscalationSweeper(
  deps: EscalationSweeperDeps,
  options: EscalationSweeperOptions,
): EscalationSweeper {
  const intervalMs = options.intervalMs ?? 30_000;
  const afterMs = options.afterMinutes * 60_000;

  async function runOnce(): Promise<number> {
    const now = deps.clock();
    const due = await deps.store.escalationCandidates(
      new Date(now.getTime() - afterMs),
      options.batch ?? 100,
    );
    let escalated = 0;
    for (const candidate of due) {
      let changed = false;
      await deps.store.updateEpisode(candidate.id, (e) => {
        const decision = escalateEpisode(e, now, options.afterMinutes);
        changed = decision !== undefined;
        return decision;
      });
      if (changed) escalated++;
    }
    if (escalated > 0) {
      deps.logger.info({ escalated }, "escalated unacknowledged episodes");
      deps.onEnqueued();
    }
    return escalated;
  }

  return periodicTask(runOnce, {
    intervalMs,
    logger: deps.logger,
    failure: "escalation sweep failed; trying again on the next pass",
    fallback: 0,
  });
}
