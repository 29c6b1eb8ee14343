import type { Decision } from "../incidents/decision.js";
import { type Episode, withActivity } from "../incidents/episode.js";
import type { EpisodeReply } from "../incidents/episode-reply.js";

/**
 * When a mute window ends, an episode opened under it that is still firing opens normally: it loses its mute
 * and its root message is posted (rendered from the newest state), followed by its runbook checklist when it has
 * one. Undefined (no change) when the episode was already released, posted, or resolved meanwhile.
 */
export function releaseMutedEpisode(
  e: Episode,
  key: string,
  now: Date,
  checklist?: Extract<EpisodeReply, { kind: "checklist" }>,
): Decision | undefined {
  if (e.muted?.key !== key || e.slackTs !== undefined || e.status === "resolved") return undefined;
  const { muted: _muted, ...rest } = e;
  const episode = withActivity(rest, {
    at: now.toISOString(),
    what: `Posted when mute window ${key} ended (opened while muted)`,
  });
  const channel = e.route.channel;
  return {
    episode,
    effects: [
      { kind: "post_root", episodeId: e.id, channel },
      ...(checklist
        ? [
            {
              kind: "thread_reply" as const,
              episodeId: e.id,
              channel,
              reply: checklist,
            },
          ]
        : []),
    ],
  };
}
