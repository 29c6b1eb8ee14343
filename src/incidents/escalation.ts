import type { Decision } from "./decision.js";
import { threadReply } from "./effects.js";
import { type Episode, withActivity } from "./episode.js";
import { isSnoozed } from "./episode-actions.js";

/**
 * True while an episode may still need escalating: open, unacknowledged, not yet escalated, with its own message
 * (storm-digest members have no thread to mention anyone in) and a route that names `escalateTo`. Stores keep
 * an index of these so the sweeper never scans every episode.
 */
export function awaitsEscalation(e: Episode): boolean {
  return (
    e.status !== "resolved" &&
    e.acknowledgedBy === undefined &&
    e.escalatedAt === undefined &&
    e.digestId === undefined &&
    e.muted === undefined &&
    e.route.escalateTo !== undefined
  );
}

/**
 * Escalates an episode nobody acknowledged within `afterMinutes` of opening: one thread reply mentioning the
 * route's `escalateTo` (a user group or `<!here>`), recorded as `escalatedAt` so it never repeats. Returns
 * undefined when not due (too young, acknowledged, resolved, snoozed, already escalated), so running it from
 * several replicas through the store's atomic update escalates exactly once.
 */
export function escalateEpisode(e: Episode, now: Date, afterMinutes: number): Decision | undefined {
  if (!awaitsEscalation(e) || isSnoozed(e, now.toISOString())) return undefined;
  const age = now.getTime() - Date.parse(e.openedAt);
  if (!(age >= afterMinutes * 60_000)) return undefined;
  const escalateTo = e.route.escalateTo;
  if (escalateTo === undefined) return undefined;
  const episode: Episode = withActivity(
    { ...e, escalatedAt: now.toISOString() },
    { at: now.toISOString(), what: "Escalated: nobody had acknowledged" },
  );
  return { episode, effects: [threadReply(e, { kind: "escalated", escalateTo, ageMs: age })] };
}
