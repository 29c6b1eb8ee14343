import type {
  ActionsBlock,
  Button,
  Checkboxes,
  ContextBlock,
  KnownBlock,
  Option,
  SectionBlock,
} from "@slack/types";
import {
  CHECKLIST_CHUNK,
  type ChecklistItemState,
  type ChecklistState,
} from "../../runbooks/checklist-state.js";
import { ACTION_IDS } from "../action-ids.js";
import { clampButtonText, fitBlocks, MAX_BUTTON_URL, MAX_SECTION_TEXT } from "../limits.js";
import { safeInline } from "../safe-text.js";
import { slackDate } from "../slack-date.js";

/** Only well-formed Slack user ids are turned into mentions; anything else is shown as plain escaped text. */
export function userMention(user: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(user) ? `<@${user}>` : safeInline(user, 40);
}

/** Block id of a checkbox chunk: `rb:<checklist id>:<chunk>`; parsed back by {@link parseChecklistBlockId}. */
export function checklistBlockId(id: string, chunk: number): string {
  return `rb:${id}:${chunk}`;
}

/** Reads a checklist block id back into checklist id and chunk, or undefined when it is not one. */
export function parseChecklistBlockId(blockId: string): { id: string; chunk: number } | undefined {
  const m = /^rb:([0-9a-f]{16}):(\d{1,2})$/.exec(blockId);
  return m?.[1] && m[2] ? { id: m[1], chunk: Number(m[2]) } : undefined;
}

function option(item: ChecklistItemState): Option {
  const base: Option = { text: { type: "mrkdwn", text: safeInline(item.text, 75) }, value: item.id };
  if (item.checkedBy === undefined || item.checkedAt === undefined) return base;
  return {
    ...base,
    description: { type: "plain_text", text: `✓ ticked at ${item.checkedAt.slice(11, 16)} UTC` },
  };
}

/** Cuts a step title to `max` characters with a plain ellipsis (it is repeated in full in the checkbox above). */
function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Who ticked which step and when, as one context line per chunk (option descriptions cannot mention users). */
function ticksContext(items: readonly ChecklistItemState[]): ContextBlock | undefined {
  const lines = items
    .filter((i) => i.checkedBy !== undefined && i.checkedAt !== undefined)
    .map(
      (i) =>
        `✓ ${safeInline(shorten(i.text, 40), 80)} — ${userMention(i.checkedBy ?? "")} ${slackDate(i.checkedAt ?? "", "{time}")}`,
    );
  if (lines.length === 0) return undefined;
  return { type: "context", elements: [{ type: "mrkdwn", text: lines.join("\n").slice(0, 2900) }] };
}

/**
 * Renders a runbook checklist as Block Kit: a title with the runbook link, progress, the steps as checkboxes in
 * groups of ten (Slack's limit) showing who ticked each and when, Run buttons for steps with a query, and the
 * completion line. Stays within 50 blocks whatever the checklist length.
 */
export function buildChecklistMessage(
  state: ChecklistState,
  runbookUrl?: string,
): { text: string; blocks: KnownBlock[] } {
  const done = state.items.filter((i) => i.checkedBy !== undefined).length;
  const title = safeInline(state.title, 200);
  const link = runbookUrl && runbookUrl.length <= MAX_BUTTON_URL ? ` · <${runbookUrl}|open runbook>` : "";
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: `:clipboard: *Runbook: ${title}*${link}`.slice(0, MAX_SECTION_TEXT) },
    } satisfies SectionBlock,
    {
      type: "context",
      elements: [
        { type: "mrkdwn", text: `${done}/${state.items.length} steps done · ticks record who and when` },
      ],
    } satisfies ContextBlock,
  ];
  for (let chunk = 0; chunk * CHECKLIST_CHUNK < state.items.length; chunk++) {
    const items = state.items.slice(chunk * CHECKLIST_CHUNK, (chunk + 1) * CHECKLIST_CHUNK);
    const checked = items.filter((i) => i.checkedBy !== undefined).map(option);
    const box: Checkboxes = {
      type: "checkboxes",
      action_id: ACTION_IDS.runbookCheck,
      options: items.map(option),
      ...(checked.length > 0 && { initial_options: checked }),
    };
    blocks.push({
      type: "actions",
      block_id: checklistBlockId(state.id, chunk),
      elements: [box],
    } satisfies ActionsBlock);
    const ticks = ticksContext(items);
    if (ticks) blocks.push(ticks);
  }
  const runnable = state.items.filter((i) => i.query !== undefined);
  for (let start = 0; start < runnable.length; start += 5) {
    const buttons = runnable.slice(start, start + 5).map(
      (item, n): Button => ({
        type: "button",
        action_id: `${ACTION_IDS.runbookRunQuery}_${start + n}`,
        text: { type: "plain_text", text: clampButtonText(`▶ ${item.text}`) },
        value: `${state.id}:${item.id}`,
      }),
    );
    blocks.push({ type: "actions", elements: buttons });
  }
  if (state.completedAt && state.completedBy) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `:white_check_mark: Checklist completed by ${userMention(state.completedBy)} ${slackDate(state.completedAt)}`,
        },
      ],
    });
  }
  return {
    text: `Runbook checklist: ${state.title} (${done}/${state.items.length} done)`.replace(/[<>&]/g, ""),
    blocks: fitBlocks(blocks),
  };
}
