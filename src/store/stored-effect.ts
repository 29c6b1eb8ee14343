import type { KnownBlock } from "@slack/types";
import type { Effect } from "../incidents/effects.js";

/**
 * A thread reply as earlier versions stored it: Slack text and blocks built when the effect was enqueued.
 * Outbox rows outlive upgrades, so such a row is still delivered, as it is.
 */
export interface PreparedThreadReply {
  readonly kind: "thread_reply";
  readonly episodeId: string;
  readonly channel: string;
  readonly text: string;
  readonly blocks?: readonly KnownBlock[];
}

/** What an outbox row may hold: an effect of this version or one written by an earlier version. */
export type StoredEffect = Effect | PreparedThreadReply;

/** True for a row written before thread replies were stored as facts. */
export function isPreparedReply(effect: StoredEffect): effect is PreparedThreadReply {
  return effect.kind === "thread_reply" && !("reply" in effect);
}
