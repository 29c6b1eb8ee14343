import type { Alarm, AlarmState } from "../alarms/alarm.js";

/** One alarm listed in a storm digest. */
export interface DigestMember {
  readonly episodeId: string;
  readonly name: string;
  readonly state: AlarmState;
  readonly resolved: boolean;
  readonly time: string;
}

/**
 * One Slack message standing for many episodes opened during an alarm storm in one channel. It is posted once and
 * updated in place as alarms join and resolve, so a storm of 300 alarms costs a handful of Slack calls.
 */
export interface StormDigest {
  readonly id: string;
  readonly channel: string;
  readonly openedAt: string;
  readonly lastJoinedAt: string;
  /** Episodes that ever joined, including those beyond the stored member list. */
  readonly total: number;
  /** Joined episodes beyond `MAX_DIGEST_MEMBERS` (counted, not listed). */
  readonly overflow: number;
  readonly members: readonly DigestMember[];
  /** Bumped on every change; an outbox update for an older revision has nothing new to show. */
  readonly revision: number;
  readonly slackChannel?: string;
  readonly slackTs?: string;
}

/** Members kept by name: bounds the stored record (DynamoDB items hold 400 KB) while counts stay exact. */
export const MAX_DIGEST_MEMBERS = 500;

/** A digest takes new members until it has been quiet this long; then the next storm gets a fresh message. */
export const DIGEST_IDLE_MS = 10 * 60_000;

/** True when new storm members in the channel should join `digest` rather than start a new one. */
export function isDigestCurrent(digest: StormDigest | undefined, nowIso: string): digest is StormDigest {
  return digest !== undefined && Date.parse(nowIso) - Date.parse(digest.lastJoinedAt) < DIGEST_IDLE_MS;
}

function member(episodeId: string, alarm: Alarm): DigestMember {
  return { episodeId, name: alarm.name, state: alarm.state, resolved: false, time: alarm.time };
}

/** Adds a newly opened episode to the channel's current digest, or starts a digest when there is none. */
export function joinDigest(
  current: StormDigest | undefined,
  channel: string,
  episodeId: string,
  alarm: Alarm,
  nowIso: string,
): StormDigest {
  const base: StormDigest = isDigestCurrent(current, nowIso)
    ? current
    : {
        id: `storm:${channel}:${nowIso}`,
        channel,
        openedAt: nowIso,
        lastJoinedAt: nowIso,
        total: 0,
        overflow: 0,
        members: [],
        revision: 0,
      };
  const full = base.members.length >= MAX_DIGEST_MEMBERS;
  return {
    ...base,
    lastJoinedAt: nowIso,
    total: base.total + 1,
    overflow: base.overflow + (full ? 1 : 0),
    members: full ? base.members : [...base.members, member(episodeId, alarm)],
    revision: base.revision + 1,
  };
}

/** Records a member episode's new state (a repeat, INSUFFICIENT_DATA, OK or a hand resolve). */
export function updateDigestMember(
  digest: StormDigest,
  episodeId: string,
  alarm: Alarm,
  resolved: boolean,
): StormDigest {
  return {
    ...digest,
    members: digest.members.map((m) =>
      m.episodeId === episodeId ? { ...m, state: alarm.state, resolved, time: alarm.time } : m,
    ),
    revision: digest.revision + 1,
  };
}
