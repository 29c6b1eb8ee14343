import { createHash } from "node:crypto";
import type { Runbook } from "./runbook-schema.js";

/** One step of a posted runbook checklist and who ticked it when. */
export interface ChecklistItemState {
  readonly id: string;
  readonly text: string;
  readonly query?: {
    readonly template: string;
    readonly params: Readonly<Record<string, string | number>>;
    readonly window?: string;
  };
  readonly checkedBy?: string;
  readonly checkedAt?: string;
}

/** A runbook checklist posted into Slack (usually an alarm thread), with its state. */
export interface ChecklistState {
  readonly id: string;
  readonly runbook: string;
  readonly title: string;
  readonly episodeId?: string;
  readonly channel?: string;
  readonly ts?: string;
  readonly items: readonly ChecklistItemState[];
  readonly completedAt?: string;
  readonly completedBy?: string;
}

/** Checkbox groups hold at most 10 options in Slack, so a checklist is split into chunks of this size. */
export const CHECKLIST_CHUNK = 10;

/** A short stable id for a runbook's checklist in one episode (block ids and values have length limits). */
export function checklistId(runbook: string, scope: string): string {
  return createHash("sha256").update(`${runbook}\u0000${scope}`).digest("hex").slice(0, 16);
}

/** A fresh, unticked checklist for a runbook, scoped to an alarm episode or to an ad-hoc `/runbook` post. */
export function newChecklist(
  runbook: Runbook,
  scope: { episodeId?: string; adHocKey?: string },
): ChecklistState {
  return {
    id: checklistId(runbook.name, scope.episodeId ?? scope.adHocKey ?? "adhoc"),
    runbook: runbook.name,
    title: runbook.title,
    ...(scope.episodeId !== undefined && { episodeId: scope.episodeId }),
    items: runbook.checklist.map((i) => ({ id: i.id, text: i.text, ...(i.query && { query: i.query }) })),
  };
}

/**
 * Applies one checkbox-group change: Slack sends the full selection of the group, so every item of the chunk is
 * set to exactly what was selected. That makes double clicks and replays idempotent, and concurrent clicks on
 * different chunks independent. A newly ticked item records who and when; unticking clears it. Completion is
 * recorded the first time every item is ticked. Returns undefined when nothing changed.
 */
export function applyChecklistSelection(
  state: ChecklistState,
  chunk: number,
  selectedIds: readonly string[],
  user: string,
  at: string,
): ChecklistState | undefined {
  const from = chunk * CHECKLIST_CHUNK;
  const to = from + CHECKLIST_CHUNK;
  let changed = false;
  const items = state.items.map((item, i): ChecklistItemState => {
    if (i < from || i >= to) return item;
    const selected = selectedIds.includes(item.id);
    const ticked = item.checkedBy !== undefined;
    if (selected === ticked) return item;
    changed = true;
    if (selected) return { ...item, checkedBy: user, checkedAt: at };
    const { checkedBy: _by, checkedAt: _at, ...rest } = item;
    return rest;
  });
  if (!changed) return undefined;
  const complete = items.length > 0 && items.every((i) => i.checkedBy !== undefined);
  const next: ChecklistState = { ...state, items };
  if (complete && state.completedAt === undefined) return { ...next, completedAt: at, completedBy: user };
  if (!complete && state.completedAt !== undefined) {
    const { completedAt: _c, completedBy: _b, ...open } = next;
    return open;
  }
  return next;
}
