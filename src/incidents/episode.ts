import type { Alarm, AlarmState } from "../alarms/alarm.js";
import type { RouteDecision } from "../routing/route-alarm.js";

/** Where an episode stands: open in ALARM, open without data, or closed by OK. */
export type EpisodeStatus = "open" | "insufficient_data" | "resolved";

/** One state change seen within an episode, kept for the thread summary and flapping detection. */
export interface Transition {
  readonly state: AlarmState;
  readonly time: string;
}

/**
 * One alarm episode: the period from the first non-OK notification until OK. It owns one Slack message
 * (posted once, updated in place) and its thread.
 */
export interface Episode {
  readonly id: string;
  readonly alarmKey: string;
  /** The latest notification of this episode; the message is always rendered from it. */
  readonly alarm: Alarm;
  readonly route: RouteDecision;
  readonly status: EpisodeStatus;
  readonly openedAt: string;
  readonly closedAt?: string;
  /** How many ALARM notifications arrived within the episode (1 for the first). */
  readonly alarmCount: number;
  readonly transitions: readonly Transition[];
  /** The Slack channel id and message ts once the root post has been delivered. */
  readonly slackChannel?: string;
  readonly slackTs?: string;
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: string;
  /** While snoozed, state changes update the message but stay out of the thread, and nobody is mentioned. */
  readonly snoozedUntil?: string;
  readonly snoozedBy?: string;
  /** Who closed the episode from Slack, when it was resolved by hand rather than by an OK. */
  readonly resolvedBy?: string;
  /** Set once the alarm flipped too often; the thread got one summary and further flips stay quiet. */
  readonly flapping?: boolean;
  /** How many times an ALARM soon after OK reopened this episode instead of posting a new message. */
  readonly reopenCount?: number;
  /** Opened during an alarm storm: it has no message of its own and is listed in this storm digest. */
  readonly digestId?: string;
  /** When the route's `escalateTo` was mentioned because nobody acknowledged; set once, never repeated. */
  readonly escalatedAt?: string;
  /** A relevant change shortly before the alarm (`Update service on api by deploy-bot, 12 min before the alarm`). */
  readonly changeHint?: string;
  /** Snoozes, queries run from the thread and other actions, oldest first, for the timeline. */
  readonly activity?: readonly ActivityEntry[];
  /** Opened during a mute window: stored but not posted until the window ends (then posted if still firing). */
  readonly muted?: { readonly key: string; readonly until: string };
}

/** One thing people or klaxon did in an episode (a snooze, a query run from the thread), for the timeline. */
export interface ActivityEntry {
  /** ISO-8601. */
  readonly at: string;
  /** Slack user id (`U…`) of who did it, when a person did. */
  readonly by?: string;
  /** What happened, plain text (untrusted parts are made safe when rendered). */
  readonly what: string;
  /** A console link for a query or trace that was run. */
  readonly link?: string;
}

const MAX_ACTIVITY = 200;

/** Appends an activity entry, keeping the newest 200 so a long incident stays small. */
export function withActivity(e: Episode, entry: ActivityEntry): Episode {
  return { ...e, activity: [...(e.activity ?? []), entry].slice(-MAX_ACTIVITY) };
}

const MAX_TRANSITIONS = 50;

/** Appends a transition, keeping the newest 50 so a long-flapping episode stays small. */
export function withTransition(list: readonly Transition[], t: Transition): Transition[] {
  return [...list, t].slice(-MAX_TRANSITIONS);
}
