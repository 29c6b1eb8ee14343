import type { Alarm } from "../alarms/alarm.js";
import type { RouteDecision } from "../routing/route-alarm.js";
import type { AlarmHistory } from "./alarm-history.js";
import { changedEpisode } from "./changed-episode.js";
import type { Decision } from "./decision.js";
import { type Episode, type Transition, withTransition } from "./episode.js";
import { isSnoozed } from "./episode-actions.js";
import type { EpisodeReply } from "./episode-reply.js";
import { isFlapping, recentFlips } from "./flapping.js";
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from "./incident-policy.js";
import { startEpisode } from "./start-episode.js";
import { isDigestCurrent } from "./storm-digest.js";

/**
 * The episode state machine, pure: applies one alarm notification to what is known about the alarm.
 * First ALARM or INSUFFICIENT_DATA opens an episode and posts (or joins the channel's storm digest when too many
 * opened in the last minute); an ALARM soon after OK reopens the last episode; repeats bump the counter and
 * update in place; OK closes the episode, updates the original message and replies in its thread with the
 * duration. An alarm that flips too often is marked flapping: one thread summary, then quiet updates.
 * Notifications older than the newest one already applied are ignored, because SNS does not keep order.
 */
export function applyNotification(
  history: AlarmHistory,
  alarm: Alarm,
  route: RouteDecision,
  policy: IncidentPolicy = DEFAULT_INCIDENT_POLICY,
): Decision {
  if (history.lastStateTime !== undefined && Date.parse(alarm.time) < Date.parse(history.lastStateTime)) {
    return { effects: [], ignored: `stale: ${alarm.time} is older than ${history.lastStateTime}` };
  }
  const open = history.openEpisode;
  const transition: Transition = { state: alarm.state, time: alarm.time };
  const known = open?.alarm.state ?? history.lastEpisode?.alarm.state;
  const flips = recentFlips(history.flips ?? [], known, transition, policy);
  const decision = open
    ? continueEpisode(open, history, alarm, flips, policy)
    : startEpisode(history, alarm, route, flips, policy);
  return { ...decision, flips };
}

function continueEpisode(
  open: Episode,
  history: AlarmHistory,
  alarm: Alarm,
  flips: readonly Transition[],
  policy: IncidentPolicy,
): Decision {
  const transition: Transition = { state: alarm.state, time: alarm.time };
  const elapsedMs = Date.parse(alarm.time) - Date.parse(open.openedAt);
  const flapping = open.flapping === true || isFlapping(flips, policy);
  if (alarm.state === "OK") {
    const episode: Episode = {
      ...open,
      alarm,
      status: "resolved",
      closedAt: alarm.time,
      transitions: withTransition(open.transitions, transition),
      ...(flapping && { flapping: true }),
    };
    return changedEpisode(open, episode, history, flips, policy, {
      reply: { kind: "back_to_ok", elapsedMs },
    });
  }
  const changed = alarm.state !== open.alarm.state;
  const episode: Episode = {
    ...open,
    alarm,
    status: alarm.state === "ALARM" ? "open" : "insufficient_data",
    alarmCount: open.alarmCount + (alarm.state === "ALARM" ? 1 : 0),
    transitions: changed ? withTransition(open.transitions, transition) : open.transitions,
    ...(flapping && { flapping: true }),
  };
  if (!changed && alarm.state === "ALARM" && open.digestId === undefined && inStorm(history, open)) {
    // chat.update has one workspace-wide budget (Tier 3): during a storm it goes to changes people must see.
    // A repeat only bumps the count, which the root shows at its next update (a state change, an ack…).
    return { episode, effects: [] };
  }
  const reply: EpisodeReply | undefined =
    !changed || isSnoozed(open, alarm.time)
      ? undefined
      : alarm.state === "ALARM"
        ? { kind: "back_in_alarm", elapsedMs }
        : { kind: "insufficient_data", elapsedMs, from: open.alarm.state };
  return changedEpisode(open, episode, history, flips, policy, { ...(reply !== undefined && { reply }) });
}

/** True while the episode's channel is in an alarm storm: its storm digest took a member in the last ten minutes. */
function inStorm(history: AlarmHistory, open: Episode): boolean {
  const { digest, receivedAt } = history;
  return (
    receivedAt !== undefined && digest?.channel === open.route.channel && isDigestCurrent(digest, receivedAt)
  );
}
