import type { KnownBlock } from "@slack/types";
import { truncateMrkdwn, truncatePlain } from "./truncate-text.js";

// Block Kit limits (api.slack.com/reference/block-kit/blocks and @slack/types). Slack rejects a post that breaks
// any of them, and a rejected alarm post is a lost page, so every builder clamps to these.

/** Blocks in one message. */
export const MAX_BLOCKS_PER_MESSAGE = 50;
/** Blocks in a modal or the Home tab. */
export const MAX_BLOCKS_PER_VIEW = 100;
/** Characters in a section's `text`. */
export const MAX_SECTION_TEXT = 3000;
/** Items in a section's `fields`. */
export const MAX_SECTION_FIELDS = 10;
/** Characters in one section field. */
export const MAX_FIELD_TEXT = 2000;
/** Characters in a header block (plain_text). */
export const MAX_HEADER_TEXT = 150;
/** Elements in a context block. */
export const MAX_CONTEXT_ELEMENTS = 10;
/** Elements in an actions block. */
export const MAX_ACTIONS_ELEMENTS = 25;
/** Characters in a button label (Slack shows about 30 before it truncates visually). */
export const MAX_BUTTON_TEXT = 75;
/** Characters in a button `value`. */
export const MAX_BUTTON_VALUE = 2000;
/** Characters in a button `url`. */
export const MAX_BUTTON_URL = 3000;
/** Characters in an `action_id` or `block_id`. */
export const MAX_ACTION_ID = 255;
/** Characters recommended for a message's top-level `text` (the notification fallback). */
export const MAX_MESSAGE_TEXT = 4000;
/**
 * Total block text we allow in one message: Slack has an undocumented aggregate limit (`msg_blocks_too_long`
 * around 13,000 chars, bolt-js #2509), so stay well below it and attach a file beyond.
 */
export const MAX_TOTAL_BLOCK_TEXT = 12000;

/** Clamps mrkdwn for a section's `text` to 3,000 characters with a "more chars" note. */
export function clampSection(text: string): string {
  return truncateMrkdwn(text, MAX_SECTION_TEXT);
}

/** Clamps mrkdwn for one section field to 2,000 characters. */
export function clampField(text: string): string {
  return truncateMrkdwn(text, MAX_FIELD_TEXT);
}

/** Clamps a header's plain text to 150 characters. */
export function clampHeader(text: string): string {
  return truncatePlain(text, MAX_HEADER_TEXT);
}

/** Clamps a button label to 75 characters. */
export function clampButtonText(text: string): string {
  return truncatePlain(text, MAX_BUTTON_TEXT);
}

/** Options of {@link fitBlocks}. */
export interface FitBlocksOptions {
  /** Block budget; 50 for messages (the default), 100 for modals and Home. */
  readonly max?: number;
  /** How many trailing blocks (e.g. the actions row) must survive the cut. */
  readonly keepLast?: number;
}

/**
 * Trims a block list to the budget: the first blocks are kept, then a context block says
 * "… N more not shown", then the `keepLast` trailing blocks (so the buttons stay usable). Lists that fit are
 * returned unchanged.
 */
export function fitBlocks(blocks: readonly KnownBlock[], options: FitBlocksOptions = {}): KnownBlock[] {
  const max = Math.max(1, options.max ?? MAX_BLOCKS_PER_MESSAGE);
  if (blocks.length <= max) return [...blocks];
  const keepLast = Math.min(Math.max(0, options.keepLast ?? 0), max - 1);
  const head = blocks.slice(0, max - 1 - keepLast);
  const tail = keepLast > 0 ? blocks.slice(blocks.length - keepLast) : [];
  const hidden = blocks.length - head.length - tail.length;
  const note: KnownBlock = {
    type: "context",
    elements: [{ type: "mrkdwn", text: `… ${hidden} more not shown` }],
  };
  return [...head, note, ...tail];
}
