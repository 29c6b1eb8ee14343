import picomatch from "picomatch";
import type { Alarm } from "../alarms/alarm.js";
import type { RouteDecision } from "../routing/route-alarm.js";

/** What a mute covers: alarms routed by a route whose name matches `route`, or whose name matches `alarmName`. */
export interface MuteMatch {
  readonly route?: string;
  readonly alarmName?: string;
}

/**
 * A maintenance window: new episodes of matching alarms are stored but not posted while it is active. `key` names
 * one occurrence (a command mute's id, or a configured window's index and start), so what fired during it can be
 * listed when it ends.
 */
export interface MuteWindow {
  readonly id: string;
  readonly match: MuteMatch;
  /** ISO-8601. */
  readonly startsAt: string;
  /** ISO-8601; set to the unmute time when someone ends the window early. */
  readonly endsAt: string;
  readonly reason?: string;
  /** Slack user id (`U…`), or `config` for a recurring window from klaxon.yaml. */
  readonly createdBy: string;
  readonly createdAt: string;
  /** Who ended the window early with `/klaxon unmute`. */
  readonly endedBy?: string;
}

/** The mute an episode was opened under: it stays quiet until that window ends. */
export interface EpisodeMute {
  readonly key: string;
  readonly until: string;
}

function glob(pattern: string, value: string | undefined): boolean {
  return value !== undefined && picomatch.isMatch(value, pattern, { dot: true, nocase: true });
}

/** True when the window covers the alarm as routed (route name or alarm name glob, case-insensitive). */
export function muteMatches(match: MuteMatch, alarm: Alarm, route: RouteDecision): boolean {
  if (match.route !== undefined && !glob(match.route, route.routeName)) return false;
  if (match.alarmName !== undefined && !glob(match.alarmName, alarm.name)) return false;
  return match.route !== undefined || match.alarmName !== undefined;
}

/** True while `at` lies in [startsAt, endsAt). */
export function isActive(w: MuteWindow, at: Date): boolean {
  const t = at.getTime();
  return Date.parse(w.startsAt) <= t && t < Date.parse(w.endsAt);
}

/** The first active window covering the alarm, as the mute its episode records. */
export function activeMuteFor(
  windows: readonly MuteWindow[],
  alarm: Alarm,
  route: RouteDecision,
  at: Date,
): EpisodeMute | undefined {
  const w = windows.find((m) => isActive(m, at) && muteMatches(m.match, alarm, route));
  return w ? { key: w.id, until: w.endsAt } : undefined;
}

/** `route batch-*` or `alarm *-latency` in words, for Slack. */
export function describeMatch(match: MuteMatch): string {
  const parts = [
    ...(match.route !== undefined ? [`route \`${match.route}\``] : []),
    ...(match.alarmName !== undefined ? [`alarms \`${match.alarmName}\``] : []),
  ];
  return parts.join(" and ");
}
