import type { AlarmState } from "../alarms/alarm.js";
import { type Effect, threadReply } from "./effects.js";
import type { Episode, Transition } from "./episode.js";
import type { IncidentPolicy } from "./incident-policy.js";
import { tuningSuggestions } from "./tuning-suggestions.js";

/** State changes kept per alarm; far above any sensible `flapping.flips`, so detection never runs short. */
const MAX_FLIPS = 50;

/**
 * The alarm's state changes within the flapping window after this notification: a change from the last known
 * state (of the open episode, or the last closed one) is a flip. Flips are counted per alarm, not per episode,
 * because ALARM → OK → ALARM may span several episodes. The window is measured in alarm time, not wall time.
 */
export function recentFlips(
  previous: readonly Transition[],
  knownState: AlarmState | undefined,
  next: Transition,
  policy: IncidentPolicy,
): Transition[] {
  const flipped = knownState !== undefined && knownState !== next.state;
  const since = Date.parse(next.time) - policy.flapping.withinMinutes * 60_000;
  return [...previous, ...(flipped ? [next] : [])]
    .filter((f) => Date.parse(f.time) >= since)
    .slice(-MAX_FLIPS);
}

/** True when the alarm flipped more than `flapping.flips` times within the window. */
export function isFlapping(flips: readonly Transition[], policy: IncidentPolicy): boolean {
  return flips.length > policy.flapping.flips;
}

/** The one thread reply that says the alarm is flapping, lists the flips and suggests tuning from its trigger. */
export function flappingSummaryReply(
  episode: Episode,
  flips: readonly Transition[],
  policy: IncidentPolicy,
): Effect {
  return threadReply(episode, {
    kind: "flapping",
    alarmName: episode.alarm.name,
    flips,
    withinMinutes: policy.flapping.withinMinutes,
    suggestions: tuningSuggestions(episode.alarm.trigger),
  });
}
