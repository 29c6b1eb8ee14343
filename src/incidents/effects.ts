import type { KnownBlock } from "@slack/types";

/**
 * A Slack side effect an episode change asks for. Root posts and updates are rendered from the episode at
 * delivery time, so a delayed update always shows the newest state; thread replies carry their own text.
 * `episodeId` is the outbox's ordering key: effects with the same key are delivered one after another, in order.
 */
export type Effect =
  | { readonly kind: "post_root"; readonly episodeId: string; readonly channel: string }
  | { readonly kind: "update_root"; readonly episodeId: string; readonly channel: string }
  | {
      readonly kind: "thread_reply";
      readonly episodeId: string;
      readonly channel: string;
      readonly text: string;
      readonly blocks?: readonly KnownBlock[];
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
