import type { KnownBlock } from "@slack/types";

/**
 * A Slack side effect an episode change asks for. Root posts and updates are rendered from the episode at
 * delivery time, so a delayed update always shows the newest state; thread replies carry their own text.
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
    };
