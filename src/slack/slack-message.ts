import type { KnownBlock } from "@slack/types";

/** A Slack message body: fallback text plus optional Block Kit blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: readonly KnownBlock[];
}
