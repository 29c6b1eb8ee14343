import type { AlarmState } from "../alarms/alarm.js";
import type { Episode } from "../incidents/episode.js";
import { tuningSuggestions } from "../incidents/tuning-suggestions.js";

/** The few figures of one episode the hygiene report needs, kept in an index by opening time. */
export interface EpisodeFacts {
  readonly id: string;
  readonly alarmName: string;
  readonly channel: string;
  readonly routeName?: string;
  readonly service?: string;
  readonly runbook?: string;
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly acknowledgedAt?: string;
  readonly flapping?: boolean;
  /** Time in ALARM and in INSUFFICIENT_DATA up to the last state change (or the close). */
  readonly alarmMs: number;
  readonly insufficientMs: number;
  /** The state since the last change, counted on to "now" by the report while the episode is open. */
  readonly lastState: AlarmState;
  readonly lastStateAt: string;
  /** For flapping alarms: the settings klaxon suggests changing (`setting: from → to`). */
  readonly tuning?: readonly string[];
}

/** Derives an episode's facts (pure); state durations come from its stored transitions. */
export function episodeFacts(e: Episode): EpisodeFacts {
  const times: Record<AlarmState, number> = { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 };
  const ts = e.transitions.length > 0 ? e.transitions : [{ state: e.alarm.state, time: e.openedAt }];
  for (let i = 0; i + 1 < ts.length; i++) {
    const a = ts[i];
    const b = ts[i + 1];
    if (a && b) times[a.state] += Math.max(0, Date.parse(b.time) - Date.parse(a.time));
  }
  const last = ts[ts.length - 1] ?? { state: e.alarm.state, time: e.openedAt };
  if (e.closedAt !== undefined && last.state !== "OK")
    times[last.state] += Math.max(0, Date.parse(e.closedAt) - Date.parse(last.time));
  const lastState: AlarmState = e.status === "resolved" ? "OK" : last.state;
  const tuning = e.flapping
    ? tuningSuggestions(e.alarm.trigger).map((t) => `${t.setting}: ${t.from} → ${t.to}`)
    : [];
  return {
    id: e.id,
    alarmName: e.alarm.name,
    channel: e.route.channel,
    ...(e.route.routeName !== undefined && { routeName: e.route.routeName }),
    ...(e.route.service !== undefined && { service: e.route.service }),
    ...(e.route.runbook !== undefined && { runbook: e.route.runbook }),
    openedAt: e.openedAt,
    ...(e.closedAt !== undefined && { closedAt: e.closedAt }),
    ...(e.acknowledgedAt !== undefined && { acknowledgedAt: e.acknowledgedAt }),
    ...(e.flapping === true && { flapping: true }),
    alarmMs: times.ALARM,
    insufficientMs: times.INSUFFICIENT_DATA,
    lastState,
    lastStateAt: e.closedAt ?? last.time,
    ...(tuning.length > 0 && { tuning }),
  };
}
