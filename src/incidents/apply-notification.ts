import type { Alarm } from "../alarms/alarm.js";
import { alarmKey } from "../alarms/alarm.js";
import type { RouteDecision } from "../routing/route-alarm.js";
import { formatDuration } from "../shared/format-duration.js";
import type { ChecklistState } from "../store/store.js";
import type { Effect } from "./effects.js";
import type { AlarmHistory, Episode, Transition } from "./episode.js";
import { isSnoozed } from "./episode-actions.js";

/** The outcome of applying one notification: the episode to save (if it changed) and the Slack effects. */
export interface Decision {
  readonly episode?: Episode;
  readonly effects: readonly Effect[];
  /** Why nothing happened, for the log (stale delivery, OK without an episode…). */
  readonly ignored?: string;
  /** Runbook checklists to store with the episode (posted by the effects). */
  readonly checklists?: readonly ChecklistState[];
}

const MAX_TRANSITIONS = 50;

function withTransition(list: readonly Transition[], t: Transition): Transition[] {
  return [...list, t].slice(-MAX_TRANSITIONS);
}

/**
 * The episode state machine, pure: applies one alarm notification to what is known about the alarm.
 * First ALARM or INSUFFICIENT_DATA opens an episode and posts; repeats bump the counter and update in place;
 * OK closes the episode, updates the original message and replies in its thread with the duration.
 * Notifications older than the newest one already applied are ignored, because SNS does not keep order.
 */
export function applyNotification(history: AlarmHistory, alarm: Alarm, route: RouteDecision): Decision {
  if (history.lastStateTime !== undefined && Date.parse(alarm.time) < Date.parse(history.lastStateTime)) {
    return { effects: [], ignored: `stale: ${alarm.time} is older than ${history.lastStateTime}` };
  }
  const open = history.openEpisode;
  const transition: Transition = { state: alarm.state, time: alarm.time };

  if (!open) {
    if (alarm.state === "OK") return { effects: [], ignored: "OK without an open episode" };
    const episode: Episode = {
      id: `${alarmKey(alarm)}#${alarm.time}`,
      alarmKey: alarmKey(alarm),
      alarm,
      route,
      status: alarm.state === "ALARM" ? "open" : "insufficient_data",
      openedAt: alarm.time,
      alarmCount: alarm.state === "ALARM" ? 1 : 0,
      transitions: [transition],
    };
    return { episode, effects: [{ kind: "post_root", episodeId: episode.id, channel: route.channel }] };
  }

  const channel = open.route.channel;
  const elapsed = formatDuration(Date.parse(alarm.time) - Date.parse(open.openedAt));
  if (alarm.state === "OK") {
    const episode: Episode = {
      ...open,
      alarm,
      status: "resolved",
      closedAt: alarm.time,
      transitions: withTransition(open.transitions, transition),
    };
    return {
      episode,
      effects: [
        { kind: "update_root", episodeId: open.id, channel },
        {
          kind: "thread_reply",
          episodeId: open.id,
          channel,
          text: `:white_check_mark: Back to OK after ${elapsed}.`,
        },
      ],
    };
  }

  const changed = alarm.state !== open.alarm.state;
  const episode: Episode = {
    ...open,
    alarm,
    status: alarm.state === "ALARM" ? "open" : "insufficient_data",
    alarmCount: open.alarmCount + (alarm.state === "ALARM" ? 1 : 0),
    transitions: changed ? withTransition(open.transitions, transition) : open.transitions,
  };
  const effects: Effect[] = [{ kind: "update_root", episodeId: open.id, channel }];
  if (changed && !isSnoozed(open, alarm.time)) {
    effects.push({
      kind: "thread_reply",
      episodeId: open.id,
      channel,
      text:
        alarm.state === "ALARM"
          ? `:red_circle: Back in ALARM (${elapsed} into the episode).`
          : `:white_circle: INSUFFICIENT_DATA after ${elapsed} in ${open.alarm.state}: the metric stopped reporting.`,
    });
  }
  return { episode, effects };
}
