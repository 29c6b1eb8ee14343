import type { BlockAction } from "@slack/bolt";
import type { Episode } from "../incidents/episode.js";
import type { ChecklistState } from "../runbooks/checklist-state.js";

/** The channel a button was clicked in, from the action payload (`channel.id`, else the container's). */
export function actionChannelId(body: BlockAction): string | undefined {
  const container = body.container as { channel_id?: unknown } | undefined;
  const fromContainer = typeof container?.channel_id === "string" ? container.channel_id : undefined;
  return body.channel?.id ?? fromContainer;
}

/**
 * The channel whose messages may drive a checklist: the one it was posted in (recorded at `/runbook`, or on the
 * first tick of an alarm's checklist), else its episode's channel, since an alarm's checklist lives in the
 * alarm's thread.
 */
export function checklistChannel(
  checklist: ChecklistState,
  episode: Episode | undefined,
): string | undefined {
  return checklist.channel ?? episode?.slackChannel;
}

/**
 * Why a click must be refused: the button's episode or checklist belongs to `expected` but the click came from
 * another channel (a copied or forwarded message, a crafted payload). Acting on it would change an incident, or
 * post its logs, from a place its responders do not see. Undefined when the channels agree or none is recorded.
 */
export function wrongChannelReason(
  expected: string | undefined,
  actual: string | undefined,
  what: string,
): string | undefined {
  if (expected === undefined || actual === expected) return undefined;
  return `This ${what} belongs to <#${expected}>; klaxon only takes its buttons there, so nothing was changed. Use the message in that channel.`;
}
