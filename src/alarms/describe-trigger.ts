import type { AlarmState, AlarmTrigger, Evaluation, MetricQuery, MetricRef } from "./alarm.js";
import { formatPeriod } from "./format-period.js";
import { isBandQuery, returnedQuery } from "./trigger-from-queries.js";

const COMPARISON_SYMBOLS: Readonly<Record<string, string>> = {
  GreaterThanOrEqualToThreshold: ">=",
  GreaterThanThreshold: ">",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
};

const BAND_POSITIONS: Readonly<Record<string, string>> = {
  LessThanLowerOrGreaterThanUpperThreshold: "outside",
  GreaterThanUpperThreshold: "above",
  LessThanLowerThreshold: "below",
};

const UNIT_SYMBOLS: Readonly<Record<string, string>> = {
  Count: "",
  None: "",
  Percent: "%",
  Seconds: "s",
  Milliseconds: "ms",
  Microseconds: "µs",
  Bytes: "B",
  Kilobytes: "KB",
  Megabytes: "MB",
  Gigabytes: "GB",
  Terabytes: "TB",
  Bits: "bit",
  Kilobits: "kbit",
  Megabits: "Mbit",
  Gigabits: "Gbit",
  Terabits: "Tbit",
  "Count/Second": "/s",
  "Bytes/Second": "B/s",
  "Kilobytes/Second": "KB/s",
  "Megabytes/Second": "MB/s",
  "Gigabytes/Second": "GB/s",
  "Terabytes/Second": "TB/s",
  "Bits/Second": "bit/s",
  "Kilobits/Second": "kbit/s",
  "Megabits/Second": "Mbit/s",
  "Gigabits/Second": "Gbit/s",
  "Terabits/Second": "Tbit/s",
};

// Created with the first number formatted: the first Intl formatter loads ICU's locale data (about 7 MiB resident),
// which an idle klaxon that has described no alarm yet does not need.
let large: Intl.NumberFormat | undefined;
let small: Intl.NumberFormat | undefined;

/** Formats a number with thousands separators: `5000` → "5,000", `0.3309826` → "0.331", `15.0` → "15". */
export function formatNumber(value: number): string {
  if (Math.abs(value) >= 1 || value === 0) {
    large ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
    return large.format(value);
  }
  small ??= new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });
  return small.format(value);
}

/** Formats a value with its CloudWatch unit as a symbol: "5,000 ms", "80 %", "3/s", "12" for `Count`. */
export function formatQuantity(value: number, unit?: string): string {
  const symbol = unit === undefined ? "" : (UNIT_SYMBOLS[unit] ?? unit);
  if (symbol === "") return formatNumber(value);
  return symbol.startsWith("/") ? `${formatNumber(value)}${symbol}` : `${formatNumber(value)} ${symbol}`;
}

/**
 * Says in plain words what the alarm watches, for the alarm message: "p95 TargetResponseTime > 5,000 ms for
 * 3 of 3 × 5 min", "expression e1 = m1/m2*100 > 5 for 1 × 5 min", "p90 TargetResponseTime above the anomaly band
 * ANOMALY_DETECTION_BAND(m1, 2) for 2 × 15 min", or a composite alarm's rule. Parts the payload did not
 * carry are left out rather than guessed.
 */
export function describeTrigger(trigger: AlarmTrigger): string {
  switch (trigger.kind) {
    case "metric":
      return join(
        describeMetric(trigger.metric),
        condition(trigger, trigger.metric.unit),
        window(trigger, trigger.period ?? trigger.metric.period),
      );
    case "math": {
      const returned = returnedQuery(trigger.metrics);
      const subject = returned === undefined ? "metric math" : describeQuery(returned);
      return join(subject, condition(trigger, returned?.metric?.unit), window(trigger));
    }
    case "anomaly":
      return join(
        describeAnomalySubject(trigger.metrics, trigger.bandId, trigger.comparison),
        window(trigger),
      );
    case "composite":
      if (trigger.rule !== undefined) return trigger.rule;
      return trigger.children.length > 0
        ? `composite of ${trigger.children.map((child) => child.name).join(", ")}`
        : "composite alarm";
    case "unknown":
      return "trigger not described in the notification";
  }
}

/** Human wording of an alarm state: "ALARM", "OK", "Insufficient data". */
export function alarmDisplayState(state: AlarmState): string {
  return state === "INSUFFICIENT_DATA" ? "Insufficient data" : state;
}

function describeMetric(metric: MetricRef): string {
  return [metric.stat, metric.name ?? metric.namespace ?? "metric"]
    .filter((part) => part !== undefined)
    .join(" ");
}

function describeQuery(query: MetricQuery): string {
  if (query.expression !== undefined) return `expression ${query.id} = ${query.expression}`;
  return query.metric === undefined ? `query ${query.id}` : describeMetric(query.metric);
}

function describeAnomalySubject(
  metrics: readonly MetricQuery[],
  bandId: string | undefined,
  comparison: string | undefined,
): string {
  const band = metrics.find((query) => query.id === bandId) ?? metrics.find(isBandQuery);
  const watched = returnedQuery(metrics);
  const subject = watched === undefined ? "the metric" : describeQuery(watched);
  const position = comparison === undefined ? undefined : BAND_POSITIONS[comparison];
  const relation = position === undefined ? "compared with" : position;
  const bandText =
    band?.expression === undefined ? "the anomaly band" : `the anomaly band ${band.expression}`;
  return `${subject} ${relation} ${bandText}`;
}

function condition(evaluation: Evaluation, unit: string | undefined): string {
  const operator = operatorText(evaluation.comparison);
  const value = evaluation.threshold === undefined ? undefined : formatQuantity(evaluation.threshold, unit);
  if (operator !== undefined && value !== undefined) return `${operator} ${value}`;
  if (value !== undefined) return `threshold ${value}`;
  if (operator === undefined) return "";
  return evaluation.comparison !== undefined && COMPARISON_SYMBOLS[evaluation.comparison] !== undefined
    ? `${operator} threshold`
    : operator;
}

function operatorText(comparison: string | undefined): string | undefined {
  if (comparison === undefined) return undefined;
  const symbol = COMPARISON_SYMBOLS[comparison];
  if (symbol !== undefined) return symbol;
  const position = BAND_POSITIONS[comparison];
  return position === undefined ? comparison : `${position} the band`;
}

function window(evaluation: Evaluation, period = evaluation.period): string {
  const { evaluationPeriods, datapointsToAlarm } = evaluation;
  const periodText = period === undefined ? undefined : formatPeriod(period);
  if (evaluationPeriods === undefined) return periodText === undefined ? "" : `(period ${periodText})`;
  const count =
    datapointsToAlarm === undefined ? `${evaluationPeriods}` : `${datapointsToAlarm} of ${evaluationPeriods}`;
  return periodText === undefined ? `for ${count} periods` : `for ${count} × ${periodText}`;
}

function join(...parts: readonly string[]): string {
  return parts.filter((part) => part !== "").join(" ");
}
