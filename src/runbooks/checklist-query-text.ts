import type { Alarm } from "../alarms/alarm.js";
import { durationSeconds } from "../insights/time-window.js";
import type { Result } from "../shared/result.js";
import { err, ok } from "../shared/result.js";
import { bindAlarmParams } from "./bind-alarm-params.js";
import type { ChecklistItemState } from "./checklist-state.js";

/** Minutes of context before an episode opened that a runbook query looks at by default. */
const LEAD_MS = 30 * 60_000;

/**
 * Turns a checklist step's query into `/insights` command text (`template key="value" … window`), binding
 * `{{alarm.…}}` references from the episode's alarm and defaulting the window to the alarm's: from 30 minutes
 * before the episode opened until it closed (or now), and never longer than the template's `maxWindow`, so a
 * step of an old alarm still runs over the alarm's own time rather than failing for age. The text then goes
 * through the same typed, quoted parameter binding as anything a person types.
 */
export function checklistQueryText(
  item: ChecklistItemState,
  context: {
    readonly alarm?: Alarm;
    readonly openedAt?: string;
    readonly closedAt?: string;
    readonly now: Date;
    /** The template's `maxWindow` (e.g. `7d`); the default window ends at most this long after it starts. */
    readonly maxWindow?: string;
  },
): Result<string, string> {
  const q = item.query;
  if (!q) return err(`step "${item.text}" has no query`);
  const params = bindAlarmParams(q.params, context.alarm);
  if (!params.ok) return err(params.error);
  const words = [q.template, ...Object.entries(params.value).map(([k, v]) => `${k}="${v}"`)];
  if (q.window !== undefined) words.push(q.window);
  else if (context.openedAt !== undefined) {
    const from = new Date(Date.parse(context.openedAt) - LEAD_MS);
    const until =
      context.closedAt !== undefined ? new Date(Date.parse(context.closedAt) + 10 * 60_000) : context.now;
    const maxSeconds = context.maxWindow !== undefined ? durationSeconds(context.maxWindow) : undefined;
    const latest = maxSeconds !== undefined ? from.getTime() + maxSeconds * 1000 : Number.POSITIVE_INFINITY;
    const to = new Date(Math.min(until.getTime(), context.now.getTime(), latest));
    words.push(`${from.toISOString().slice(0, 19)}Z..${to.toISOString().slice(0, 19)}Z`);
  }
  return ok(words.join(" "));
}
