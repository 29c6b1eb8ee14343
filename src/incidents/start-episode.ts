import type { Alarm } from "../alarms/alarm.js";
import { alarmKey } from "../alarms/alarm.js";
import type { RouteDecision } from "../routing/route-alarm.js";
import type { AlarmHistory } from "./alarm-history.js";
import { changedEpisode } from "./changed-episode.js";
import type { Decision } from "./decision.js";
import type { Effect } from "./effects.js";
import { type Episode, type Transition, withTransition } from "./episode.js";
import { flappingSummaryReply, isFlapping } from "./flapping.js";
import type { IncidentPolicy } from "./incident-policy.js";
import { joinDigest } from "./storm-digest.js";

/** The last episode when this ALARM follows its OK closely enough to reopen it rather than post anew. */
function reopenable(
  history: AlarmHistory,
  alarm: Alarm,
  route: RouteDecision,
  policy: IncidentPolicy,
): Episode | undefined {
  const last = history.lastEpisode;
  if (alarm.state !== "ALARM" || !last || policy.reopenWithinMinutes <= 0) return undefined;
  // Resolved by hand means someone took responsibility: the button promises the next ALARM opens a new episode.
  if (last.status !== "resolved" || last.resolvedBy !== undefined || last.closedAt === undefined)
    return undefined;
  if (last.digestId !== undefined || last.route.channel !== route.channel) return undefined;
  const gap = Date.parse(alarm.time) - Date.parse(last.closedAt);
  return gap >= 0 && gap <= policy.reopenWithinMinutes * 60_000 ? last : undefined;
}

function reopen(
  last: Episode,
  history: AlarmHistory,
  alarm: Alarm,
  flips: readonly Transition[],
  policy: IncidentPolicy,
): Decision {
  const { closedAt, ...rest } = last;
  const reopenCount = (last.reopenCount ?? 0) + 1;
  const episode: Episode = {
    ...rest,
    alarm,
    status: "open",
    alarmCount: last.alarmCount + 1,
    reopenCount,
    transitions: withTransition(last.transitions, { state: alarm.state, time: alarm.time }),
    ...(isFlapping(flips, policy) && { flapping: true }),
  };
  const afterMs = Date.parse(alarm.time) - Date.parse(closedAt ?? alarm.time);
  return changedEpisode(last, episode, history, flips, policy, {
    reply: { kind: "reopened", afterMs, reopenCount },
  });
}

/**
 * Handles a notification for an alarm with no open episode: OK is ignored; an ALARM right after the last
 * episode's OK reopens it; otherwise a new episode opens with its own message, or, when the channel already saw
 * `storm.maxNewEpisodesPerMinute` new episodes in the last minute, joins the channel's storm digest instead.
 */
export function startEpisode(
  history: AlarmHistory,
  alarm: Alarm,
  route: RouteDecision,
  flips: readonly Transition[],
  policy: IncidentPolicy,
): Decision {
  if (alarm.state === "OK") return { effects: [], ignored: "OK without an open episode" };
  const last = reopenable(history, alarm, route, policy);
  if (last) return reopen(last, history, alarm, flips, policy);
  const flapping = isFlapping(flips, policy);
  const episode: Episode = {
    id: `${alarmKey(alarm)}#${alarm.time}`,
    alarmKey: alarmKey(alarm),
    alarm,
    route,
    status: alarm.state === "ALARM" ? "open" : "insufficient_data",
    openedAt: alarm.time,
    alarmCount: alarm.state === "ALARM" ? 1 : 0,
    transitions: [{ state: alarm.state, time: alarm.time }],
    ...(flapping && { flapping: true }),
  };
  const opens = history.channelOpensLastMinute;
  if (
    opens !== undefined &&
    history.receivedAt !== undefined &&
    opens >= policy.storm.maxNewEpisodesPerMinute
  ) {
    const digest = joinDigest(history.digest, route.channel, episode.id, alarm, history.receivedAt);
    return {
      episode: { ...episode, digestId: digest.id },
      digest,
      openedInChannel: route.channel,
      effects: [
        { kind: "sync_digest", episodeId: digest.id, channel: route.channel, revision: digest.revision },
      ],
    };
  }
  const effects: Effect[] = [{ kind: "post_root", episodeId: episode.id, channel: route.channel }];
  if (flapping) effects.push(flappingSummaryReply(episode, flips, policy));
  return { episode, effects, openedInChannel: route.channel };
}
