import type { Decision } from "./decision.js";
import { type Effect, threadReply } from "./effects.js";
import { type Episode, withActivity } from "./episode.js";

const update = (e: Episode): Effect => ({
  kind: "update_root",
  episodeId: e.id,
  channel: e.route.channel,
});

/**
 * Acknowledges an open episode: records who and when, shows it on the message and says so in the thread.
 * A second acknowledgement (double click, another person) changes nothing, so returns undefined.
 */
export function acknowledgeEpisode(e: Episode, user: string, now: Date): Decision | undefined {
  if (e.acknowledgedBy !== undefined || e.status === "resolved") return undefined;
  const episode: Episode = withActivity(
    { ...e, acknowledgedBy: user, acknowledgedAt: now.toISOString() },
    { at: now.toISOString(), by: user, what: "Acknowledged" },
  );
  return { episode, effects: [update(episode), threadReply(episode, { kind: "acknowledged", user })] };
}

/**
 * Resolves an episode by hand (the alarm may still be in ALARM: the person takes responsibility). The next ALARM
 * notification opens a new episode.
 */
export function resolveEpisode(e: Episode, user: string, now: Date): Decision | undefined {
  if (e.status === "resolved") return undefined;
  const at = now.toISOString();
  const episode: Episode = withActivity(
    { ...e, status: "resolved", closedAt: at, resolvedBy: user },
    { at, by: user, what: `Resolved by hand (alarm was ${e.alarm.state})` },
  );
  const elapsedMs = now.getTime() - Date.parse(e.openedAt);
  return {
    episode,
    effects: [
      update(episode),
      threadReply(episode, { kind: "resolved_by_hand", user, elapsedMs, alarmState: e.alarm.state }),
    ],
  };
}

/** Snoozes an episode's thread noise and mentions until `until`; snoozing again extends or shortens it. */
export function snoozeEpisode(e: Episode, user: string, now: Date, hours: number): Decision | undefined {
  if (e.status === "resolved") return undefined;
  const until = new Date(now.getTime() + hours * 3_600_000).toISOString();
  const episode: Episode = withActivity(
    { ...e, snoozedUntil: until, snoozedBy: user },
    { at: now.toISOString(), by: user, what: `Snoozed for ${hours} h` },
  );
  return {
    episode,
    effects: [update(episode), threadReply(episode, { kind: "snoozed", user, hours })],
  };
}

/** True when the episode is snoozed at `time`. */
export function isSnoozed(e: Episode, time: string): boolean {
  return e.snoozedUntil !== undefined && Date.parse(time) < Date.parse(e.snoozedUntil);
}
