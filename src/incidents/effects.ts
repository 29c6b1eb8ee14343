import type { EpisodeReply } from "./episode-reply.js";

/**
 * A Slack side effect an episode change asks for, as data. Root posts and updates are rendered from the episode
 * at delivery time, so a delayed update always shows the newest state; thread replies carry the facts they
 * tell, rendered at delivery too. `episodeId` is the outbox's ordering key: effects with the same key are
 * delivered one after another, in order.
 */
export type Effect =
  | { readonly kind: "post_root"; readonly episodeId: string; readonly channel: string }
  | { readonly kind: "update_root"; readonly episodeId: string; readonly channel: string }
  | {
      readonly kind: "thread_reply";
      readonly episodeId: string;
      readonly channel: string;
      readonly reply: EpisodeReply;
    }
  | {
      /**
       * Posts the storm digest (first time) or updates it in place, rendered from the stored digest at delivery.
       * `episodeId` holds the digest id so one digest's posts and updates stay in order; `revision` lets the
       * outbox skip an update that an earlier delivery already showed.
       */
      readonly kind: "sync_digest";
      readonly episodeId: string;
      readonly channel: string;
      readonly revision: number;
    };

/** A thread reply effect for an episode, in the episode's route channel. */
export function threadReply(
  episode: { readonly id: string; readonly route: { readonly channel: string } },
  reply: EpisodeReply,
): Effect {
  return { kind: "thread_reply", episodeId: episode.id, channel: episode.route.channel, reply };
}
