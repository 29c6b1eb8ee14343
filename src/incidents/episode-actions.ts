import { formatDuration } from "../shared/format-duration.js";
import type { Decision } from "./decision.js";
import { type Episode, withActivity } from "./episode.js";

const mention = (user: string): string => (/^[UW][A-Z0-9]{2,20}$/.test(user) ? `<@${user}>` : "someone");

function reply(e: Episode, text: string): Decision["effects"][number] {
  return { kind: "thread_reply", episodeId: e.id, channel: e.route.channel, text };
}

const update = (e: Episode): Decision["effects"][number] => ({
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
  return { episode, effects: [update(episode), reply(episode, `:eyes: Acknowledged by ${mention(user)}.`)] };
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
  const after = formatDuration(now.getTime() - Date.parse(e.openedAt));
  return {
    episode,
    effects: [
      update(episode),
      reply(
        episode,
        `:white_check_mark: Resolved by ${mention(user)} after ${after} (alarm was ${e.alarm.state}).`,
      ),
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
    effects: [
      update(episode),
      reply(episode, `:zzz: Snoozed by ${mention(user)} for ${hours} h: repeats update the message quietly.`),
    ],
  };
}

/** True when the episode is snoozed at `time`. */
export function isSnoozed(e: Episode, time: string): boolean {
  return e.snoozedUntil !== undefined && Date.parse(time) < Date.parse(e.snoozedUntil);
}
