import type { Alarm } from "../../alarms/alarm.js";
import { formatDuration } from "../../shared/format-duration.js";
import { inlineCode, safeInline } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { dimensionsText, STATE_EMOJI } from "./alarm-trigger-details.js";

/** Route severities, loudest first. */
export type Severity = "critical" | "high" | "warning" | "info";

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: "🟥",
  high: "🟧",
  warning: "🟨",
  info: "🟦",
};

/** What the fields need to know about the episode. */
export interface FieldsInput {
  readonly alarm: Alarm;
  readonly status: "open" | "resolved" | "insufficient_data";
  readonly openedAt: string;
  readonly closedAt?: string | undefined;
  readonly alarmCount: number;
  readonly severity?: Severity | undefined;
  readonly triggerText?: string | undefined;
}

const field = (label: string, value: string): string => `*${label}*\n${value}`;

function stateValue(alarm: Alarm): string {
  const was = alarm.previousState ? ` (was ${alarm.previousState})` : "";
  return `${STATE_EMOJI[alarm.state]} ${alarm.state}${was}`;
}

function elapsed(fromIso: string, toIso: string): string | undefined {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  return Number.isNaN(ms) ? undefined : formatDuration(ms);
}

/**
 * The short "label / value" fields of an alarm message, in reading order: state, severity, trigger, metric,
 * dimensions, account, region, time, repeat counter and resolved duration. Fields with nothing to say are left
 * out; every untrusted value is escaped and cut short.
 */
export function alarmFields(input: FieldsInput): string[] {
  const { alarm } = input;
  const t = alarm.trigger;
  const fields = [field("State", stateValue(alarm))];
  if (input.severity) fields.push(field("Severity", `${SEVERITY_EMOJI[input.severity]} ${input.severity}`));
  if (input.triggerText) fields.push(field("Trigger", safeInline(input.triggerText, 500)));
  if (t.kind === "metric") {
    const name = [t.metric.namespace, t.metric.name].filter((p) => p !== undefined).join(" ");
    if (name) fields.push(field("Metric", inlineCode(name, 300)));
    const dims = dimensionsText(t.metric.dimensions, 600);
    if (dims) fields.push(field("Dimensions", dims));
  }
  if (alarm.accountId) fields.push(field("Account", safeInline(alarm.accountId, 40)));
  if (alarm.region) fields.push(field("Region", safeInline(alarm.region, 40)));
  fields.push(field("Changed", slackDate(alarm.time)));
  if (input.alarmCount > 1) {
    fields.push(field("Repeats", `fired ${input.alarmCount}× since ${slackDate(input.openedAt, "{time}")}`));
  }
  if (input.status === "resolved") {
    const took = elapsed(input.openedAt, input.closedAt ?? alarm.time);
    if (took) fields.push(field("Resolved", `after ${took}`));
  }
  return fields;
}
