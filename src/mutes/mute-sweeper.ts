import type { Episode } from "../incidents/episode.js";
import type { EpisodeReply } from "../incidents/episode-reply.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { type PeriodicTask, periodicTask } from "../shared/periodic-task.js";
import { renderMuteEnded } from "../slack/blocks/mute-messages.js";
import type { Store } from "../store/store.js";
import type { MuteWindow } from "./mute-window.js";
import { releaseMutedEpisode } from "./release-muted.js";
import { type ConfiguredMute, configuredOccurrences } from "./weekly-window.js";

/** What the sweeper needs: the store, the clock, configured windows and a way to post a channel message. */
export interface MuteSweeperDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly configured: readonly ConfiguredMute[];
  /** Posts a plain message in a channel (chat.postMessage). */
  readonly post: (channel: string, text: string) => Promise<void>;
  /** The runbook checklist of a muted episode, posted after its root when it is released. */
  readonly checklistReply?: (e: Episode) => Promise<Extract<EpisodeReply, { kind: "checklist" }> | undefined>;
  /** Called after released episodes' root posts were enqueued. */
  readonly onEnqueued: () => void;
  /** Called after a window ended (to refresh views). */
  readonly onEnded?: () => void;
}

/** A periodic task; `runOnce` does one pass and returns how many windows it closed. */
export type MuteSweeper = PeriodicTask<number>;

// Windows that ended while klaxon was down are still announced when it comes back within this long.
const LOOKBACK_MS = 7 * 86_400_000;

/**
 * Ends mute windows: for each window that is over, exactly one replica (the one whose `claimOnce` wins) posts
 * one message per channel listing what fired during it, and releases the episodes still firing so they are
 * posted as usual. Saved and configured (weekly) windows are handled alike.
 */
export function createMuteSweeper(
  deps: MuteSweeperDeps,
  options: { intervalMs?: number | undefined } = {},
): MuteSweeper {
  async function endWindow(w: MuteWindow, now: Date): Promise<void> {
    const episodes = await deps.store.mutedEpisodes(w.id);
    const byChannel = new Map<string, Episode[]>();
    for (const e of episodes) byChannel.set(e.route.channel, [...(byChannel.get(e.route.channel) ?? []), e]);
    for (const [channel, list] of byChannel) {
      await deps.post(channel, renderMuteEnded(w, list)).catch((error: unknown) => {
        deps.logger.error({ err: error, mute: w.id, channel }, "could not post the end of a mute window");
      });
    }
    let released = 0;
    for (const e of episodes) {
      let changed = false;
      const checklist = e.status !== "resolved" ? await deps.checklistReply?.(e) : undefined;
      await deps.store.updateEpisode(e.id, (current) => {
        const decision = releaseMutedEpisode(current, w.id, now, checklist);
        changed = decision !== undefined;
        return decision;
      });
      if (changed) released++;
    }
    deps.logger.info({ mute: w.id, fired: episodes.length, released }, "mute window ended");
    if (released > 0) deps.onEnqueued();
  }

  async function runOnce(): Promise<number> {
    const now = deps.clock();
    const since = new Date(now.getTime() - LOOKBACK_MS);
    const windows = [
      ...(await deps.store.listMutes(since)),
      ...configuredOccurrences(deps.configured, now).filter((w) => Date.parse(w.endsAt) > since.getTime()),
    ];
    let ended = 0;
    for (const w of windows) {
      if (Date.parse(w.endsAt) > now.getTime()) continue;
      if (!(await deps.store.claimOnce(`mute-end#${w.id}`, now))) continue;
      await endWindow(w, now);
      ended++;
    }
    if (ended > 0) deps.onEnded?.();
    return ended;
  }

  return periodicTask(runOnce, {
    intervalMs: options.intervalMs ?? 15_000,
    logger: deps.logger,
    failure: "mute sweep failed; trying again on the next pass",
    fallback: 0,
  });
}
