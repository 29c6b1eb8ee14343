import type { Episode, Transition } from "./episode.js";
import type { StormDigest } from "./storm-digest.js";

/** What is known about an alarm before a notification is applied. */
export interface AlarmHistory {
  /** The open (not resolved) episode, if any. */
  readonly openEpisode?: Episode;
  /** The state time of the newest notification applied so far, to drop out-of-order deliveries. */
  readonly lastStateTime?: string;
  /** The alarm's newest episode when none is open (reopened when an ALARM follows its OK closely). */
  readonly lastEpisode?: Episode;
  /** The alarm's recent state changes (across episodes), for flapping detection. */
  readonly flips?: readonly Transition[];
  /** New episodes opened in the route's channel in the 60 s before `receivedAt` (storm detection). */
  readonly channelOpensLastMinute?: number;
  /** The open episode's storm digest, or else the channel's current digest. */
  readonly digest?: StormDigest;
  /** When klaxon received the notification (ISO), the clock storms and digests are measured by. */
  readonly receivedAt?: string;
}
