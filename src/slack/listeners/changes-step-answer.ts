import type { Alarm } from "../../alarms/alarm.js";
import { partitionForRegion } from "../../alarms/parse-arn.js";
import type { FindChanges } from "../../changes/find-changes.js";
import { durationSeconds } from "../../insights/time-window.js";
import type { ChecklistItemState } from "../../runbooks/checklist-state.js";
import { type MessageContent, sectionBlock } from "../blocks/block-parts.js";
import { renderChangesSection } from "../blocks/changes-section.js";

/** On-demand change lookups (`/klaxon changes`, a runbook's `changes` step); absent when they are off. */
export interface ChangeLookups {
  readonly find: FindChanges;
  readonly lookbackMinutes: number;
  /** klaxon's own region, where lookups without an alarm go. */
  readonly region: string;
}

/**
 * Runs a runbook step named `changes`: the changes in the alarm's region over the step's `window` (default the
 * configured look-back) up to the alarm's time, ranked for that alarm; without an alarm (a checklist posted by
 * `/runbook`) up to now in klaxon's own region.
 */
export async function changesStepAnswer(
  deps: { readonly changes?: ChangeLookups | undefined },
  item: ChecklistItemState,
  alarm: Alarm | undefined,
  now: Date,
): Promise<MessageContent> {
  const changes = deps.changes;
  if (!changes) {
    const text = "Change lookups are off (`changes.enabled: false` in klaxon.yaml).";
    return { text, blocks: [sectionBlock(text)] };
  }
  const alarmMs = alarm ? Date.parse(alarm.time) : Number.NaN;
  const endMs = Number.isNaN(alarmMs) ? now.getTime() : alarmMs;
  const windowSeconds =
    (item.query?.window !== undefined ? durationSeconds(item.query.window) : undefined) ??
    changes.lookbackMinutes * 60;
  const region = alarm?.region ?? changes.region;
  const report = await changes.find({
    region,
    ...(alarm?.accountId !== undefined && { account: alarm.accountId }),
    partition: alarm?.partition ?? partitionForRegion(region),
    startMs: endMs - windowSeconds * 1000,
    endMs,
    ...(alarm !== undefined && { alarm }),
  });
  const heading = `:arrows_counterclockwise: *Changes before ${alarm ? "the alarm" : "now"}* (${region})`;
  return renderChangesSection(report, { heading, referenceMs: endMs, relativeTo: alarm ? "alarm" : "now" });
}
