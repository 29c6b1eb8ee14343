import type { AlarmHistory } from "./alarm-history.js";
import type { Decision } from "./decision.js";
import { type Effect, threadReply } from "./effects.js";
import type { Episode, Transition } from "./episode.js";
import type { EpisodeReply } from "./episode-reply.js";
import { flappingSummaryReply } from "./flapping.js";
import type { IncidentPolicy } from "./incident-policy.js";
import { updateDigestMember } from "./storm-digest.js";

/**
 * The effects of an existing episode's change. A storm-digest member has no message of its own: its digest is
 * updated instead. Otherwise the message is updated in place and `reply` goes to the thread, except once the
 * alarm is flapping: the change that makes it flapping posts the flapping summary instead, and later ones stay
 * quiet (the message still shows the newest state).
 */
export function changedEpisode(
  before: Episode | undefined,
  episode: Episode,
  history: AlarmHistory,
  flips: readonly Transition[],
  policy: IncidentPolicy,
  options: { readonly reply?: EpisodeReply },
): Decision {
  if (episode.digestId !== undefined) {
    const digest = history.digest?.id === episode.digestId ? history.digest : undefined;
    if (!digest) return { episode, effects: [] };
    const next = updateDigestMember(digest, episode.id, episode.alarm, episode.status === "resolved");
    return {
      episode,
      digest: next,
      effects: [{ kind: "sync_digest", episodeId: next.id, channel: next.channel, revision: next.revision }],
    };
  }
  const channel = episode.route.channel;
  const effects: Effect[] = [{ kind: "update_root", episodeId: episode.id, channel }];
  const startsFlapping = episode.flapping === true && before?.flapping !== true;
  if (startsFlapping) effects.push(flappingSummaryReply(episode, flips, policy));
  else if (options.reply !== undefined && episode.flapping !== true)
    effects.push(threadReply(episode, options.reply));
  return { episode, effects };
}
