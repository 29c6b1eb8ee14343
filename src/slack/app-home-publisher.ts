import type { Episode } from "../incidents/episode.js";
import type { MuteWindow } from "../mutes/mute-window.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { Store } from "../store/store.js";
import { buildAppHome } from "./blocks/app-home.js";

/** What the Home tab publisher needs. */
export interface AppHomeDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly activeMutes: (at: Date) => Promise<readonly MuteWindow[]>;
  readonly reportHeadline: () => Promise<string | undefined>;
  /** `views.publish`. */
  readonly publish: (userId: string, view: ReturnType<typeof buildAppHome>) => Promise<void>;
  /** The workspace's URL (`auth.test`), for links to episode messages; undefined when unknown. */
  readonly workspaceUrl: () => Promise<string | undefined>;
}

/** Publishes Home tabs: at once when opened, and again (debounced) after changes, for recent viewers. */
export interface AppHomePublisher {
  opened(userId: string): Promise<void>;
  /** Something changed: republish every recent viewer's Home once, after `debounceMs`. */
  changed(): void;
  stop(): void;
}

const MAX_VIEWERS = 200;

/**
 * Keeps Home tabs current. Opening the tab publishes it; changes (new alarms, acknowledgements, mutes, reports)
 * schedule one republish for the users who opened it recently, at most one per `debounceMs`, so a storm costs one
 * round of `views.publish` calls, not one per alarm.
 */
export function createAppHomePublisher(deps: AppHomeDeps, debounceMs = 5_000): AppHomePublisher {
  const viewers = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  async function publishFor(userId: string): Promise<void> {
    const now = deps.clock();
    const [open, mutes, headline, base] = await Promise.all([
      deps.store.openEpisodes(200),
      deps.activeMutes(now),
      deps.reportHeadline(),
      deps.workspaceUrl().catch(() => undefined),
    ]);
    const view = buildAppHome({
      now,
      open,
      mutes,
      ...(headline !== undefined && { reportHeadline: headline }),
      link: (e: Episode) =>
        base !== undefined && e.slackChannel !== undefined && e.slackTs !== undefined
          ? `${base.endsWith("/") ? base : `${base}/`}archives/${e.slackChannel}/p${e.slackTs.replace(".", "")}`
          : undefined,
    });
    await deps.publish(userId, view);
  }

  return {
    async opened(userId) {
      viewers.delete(userId);
      viewers.add(userId);
      if (viewers.size > MAX_VIEWERS) viewers.delete(viewers.values().next().value ?? "");
      await publishFor(userId);
    },
    changed() {
      if (timer || viewers.size === 0) return;
      timer = setTimeout(() => {
        timer = undefined;
        for (const userId of viewers) {
          publishFor(userId).catch((error: unknown) => {
            deps.logger.warn({ err: error, user: userId }, "could not refresh the App Home");
          });
        }
      }, debounceMs);
      timer.unref();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
