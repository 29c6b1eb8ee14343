import type { Alarm, AlarmState, AlarmTrigger, MetricQuery, MetricRef } from "../../alarms/alarm.js";
import { codeBlock, inlineCode, safeInline } from "../safe-text.js";

/** Children of a composite alarm listed before "… N more". */
const MAX_CHILDREN = 15;
/** Metric queries of a math or anomaly alarm listed before "… N more". */
const MAX_QUERIES = 10;

/** The emoji klaxon uses for each alarm state, in headers, fields and child lists alike. */
export const STATE_EMOJI: Readonly<Record<AlarmState, string>> = {
  ALARM: "🔴",
  OK: "✅",
  INSUFFICIENT_DATA: "⚪",
};

/** `k=v, k=v` of a metric's dimensions, escaped; empty when there are none. */
export function dimensionsText(dimensions: Readonly<Record<string, string>>, maxLen: number): string {
  const pairs = Object.entries(dimensions).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? "" : safeInline(pairs.join(", "), maxLen);
}

/** One metric as `Namespace Name · stat · period`, dimensions in brackets; all parts escaped. */
export function metricText(metric: MetricRef, maxLen: number): string {
  const parts = [
    [metric.namespace, metric.name].filter((p) => p !== undefined).join(" "),
    metric.stat,
    metric.period !== undefined ? `${metric.period}s` : undefined,
  ].filter((p): p is string => p !== undefined && p.length > 0);
  const dims = dimensionsText(metric.dimensions, maxLen);
  const head = safeInline(parts.join(" · ") || "(metric not named)", maxLen);
  return dims ? `${head} (${dims})` : head;
}

function more(total: number, shown: number): string[] {
  return total > shown ? [`… ${total - shown} more`] : [];
}

function queryLine(q: MetricQuery): string {
  const label = q.label ? ` ${safeInline(q.label, 100)}` : "";
  const body = q.expression
    ? `= ${inlineCode(q.expression, 400)}`
    : q.metric
      ? metricText(q.metric, 400)
      : "(no metric)";
  const returned = q.returnData ? " ← alarmed on" : "";
  return `• ${inlineCode(q.id, 70)}${label} ${body}${returned}`;
}

function queriesText(metrics: readonly MetricQuery[]): string[] {
  return [...metrics.slice(0, MAX_QUERIES).map(queryLine), ...more(metrics.length, MAX_QUERIES)];
}

type Composite = Extract<AlarmTrigger, { kind: "composite" }>;

function compositeText(t: Composite): string {
  const lines: string[] = [];
  if (t.rule) lines.push("*Rule*", codeBlock(t.rule, 900));
  if (t.children.length > 0) {
    lines.push("*Children*");
    for (const child of t.children.slice(0, MAX_CHILDREN)) {
      const state = child.state ? ` ${STATE_EMOJI[child.state]} ${child.state}` : "";
      lines.push(`• ${inlineCode(child.name, 200)}${state}`);
    }
    lines.push(...more(t.children.length, MAX_CHILDREN));
  }
  if (t.actionsSuppressedBy) {
    const why = t.actionsSuppressedReason ? `: ${safeInline(t.actionsSuppressedReason, 300)}` : "";
    lines.push(`_Actions suppressed by ${safeInline(t.actionsSuppressedBy, 100)}${why}_`);
  }
  return lines.join("\n");
}

type Anomaly = Extract<AlarmTrigger, { kind: "anomaly" }>;

function anomalyText(t: Anomaly): string {
  const band = t.metrics.find((m) => m.id === t.bandId) ?? t.metrics.find((m) => m.expression !== undefined);
  const lines = [
    band?.expression
      ? `*Anomaly band* ${inlineCode(band.expression, 400)} (id ${inlineCode(band.id, 70)})`
      : "*Anomaly band* (band expression not in the payload)",
    ...queriesText(t.metrics.filter((m) => m !== band)),
  ];
  return lines.join("\n");
}

/**
 * The trigger-specific part of an alarm message: a composite alarm's rule and children, an anomaly alarm's band,
 * a math alarm's expressions, or the raw unparsed fields of a shape klaxon did not recognise (as an escaped,
 * redacted code block, so nothing is hidden and nothing is live). Undefined for plain metric alarms, whose
 * metric already shows in the fields.
 */
export function triggerDetails(alarm: Alarm): string | undefined {
  const t = alarm.trigger;
  switch (t.kind) {
    case "metric":
      return undefined;
    case "composite":
      return compositeText(t) || undefined;
    case "anomaly":
      return anomalyText(t);
    case "math":
      return ["*Metric math*", ...queriesText(t.metrics)].join("\n");
    case "unknown": {
      const raw = alarm.unparsed ? JSON.stringify(alarm.unparsed, null, 2) : "";
      return raw ? `*Fields klaxon did not recognise*\n${codeBlock(raw, 1500)}` : undefined;
    }
  }
}
