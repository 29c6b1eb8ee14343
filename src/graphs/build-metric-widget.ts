import type { Alarm, AlarmState, Evaluation, MetricQuery, MetricRef } from "../alarms/alarm.js";
import { formatNumber } from "../alarms/describe-trigger.js";
import { isBandQuery } from "../alarms/trigger-from-queries.js";

/** Per-series options, the last element of a metric row or the only element of an expression row. */
export interface MetricOptions {
  readonly id?: string;
  readonly expression?: string;
  readonly label?: string;
  readonly stat?: string;
  readonly period?: number;
  readonly visible?: boolean;
}

/** `[Namespace, MetricName, DimName, DimValue, …, options]` or `[{ expression, id, label }]`. */
export type MetricRow = readonly (string | MetricOptions)[];

export interface HorizontalAnnotation {
  readonly value: number;
  readonly label: string;
  readonly color: string;
  readonly fill?: "above" | "below";
}

export interface VerticalAnnotation {
  readonly value: string;
  readonly label: string;
  readonly color: string;
}

/** The `MetricWidget` JSON of CloudWatch `GetMetricWidgetImage` (the subset klaxon draws). */
export interface MetricWidget {
  readonly title: string;
  readonly view: "timeSeries";
  readonly stacked: false;
  readonly region?: string;
  readonly width: number;
  readonly height: number;
  readonly start: string;
  readonly end: string;
  readonly period?: number;
  readonly timezone: "+0000";
  readonly metrics: readonly MetricRow[];
  readonly annotations: {
    readonly horizontal?: readonly HorizontalAnnotation[];
    readonly vertical: readonly VerticalAnnotation[];
  };
  readonly legend: { readonly position: "bottom" };
}

export interface WidgetOptions {
  readonly now: Date;
  readonly width?: number;
  readonly height?: number;
}

const DEFAULT_WIDTH = 800;
const DEFAULT_HEIGHT = 400;
const MAX_PIXELS = 2000;
const MINUTE_MS = 60_000;
/** Three hours of context, or twenty periods for slow metrics, so the breach is seen against its normal. */
const MIN_LOOKBACK_MS = 3 * 60 * MINUTE_MS;
const LOOKBACK_PERIODS = 20;
const THRESHOLD_COLOR = "#d62728";

const COMPARISONS: Readonly<Record<string, { symbol: string; fill: "above" | "below" }>> = {
  GreaterThanOrEqualToThreshold: { symbol: ">=", fill: "above" },
  GreaterThanThreshold: { symbol: ">", fill: "above" },
  LessThanThreshold: { symbol: "<", fill: "below" },
  LessThanOrEqualToThreshold: { symbol: "<=", fill: "below" },
};

const STATE_COLORS: Readonly<Record<AlarmState, string>> = {
  ALARM: "#d62728",
  INSUFFICIENT_DATA: "#7f7f7f",
  OK: "#2ca02c",
};

/**
 * Builds the `GetMetricWidgetImage` widget for an alarm: its metric (or its math expressions with the source
 * metrics hidden, or its anomaly band with the metric), the threshold as a horizontal line labelled with the
 * comparison, and a vertical line at the state change. The window runs from three hours (or twenty periods)
 * before the state change to a little after it, never later than `now` needs. Composite and unknown alarms,
 * and alarms whose metrics the payload does not fully name, have nothing to draw: `undefined`.
 */
export function buildMetricWidget(alarm: Alarm, options: WidgetOptions): MetricWidget | undefined {
  const trigger = alarm.trigger;
  let metrics: MetricRow[] | undefined;
  switch (trigger.kind) {
    case "metric": {
      const row = metricRow(trigger.metric, optional("period", trigger.metric.period ?? trigger.period));
      metrics = row === undefined ? undefined : [row];
      break;
    }
    case "math":
      metrics = queryRows(trigger.metrics, () => false);
      break;
    case "anomaly": {
      const band = trigger.metrics.find((q) => q.id === trigger.bandId) ?? trigger.metrics.find(isBandQuery);
      const banded = new Set(referencedIds(band?.expression ?? ""));
      metrics = queryRows(trigger.metrics, (q) => q === band || banded.has(q.id));
      break;
    }
    default:
      return undefined;
  }
  if (metrics === undefined || metrics.length === 0) return undefined;
  const period = trigger.period;
  const { start, end } = graphWindow(alarm.time, period, options.now);
  const threshold = trigger.kind === "anomaly" ? undefined : thresholdLine(trigger);
  return {
    title: alarm.name,
    view: "timeSeries",
    stacked: false,
    ...optional("region", alarm.region),
    width: pixels(options.width, DEFAULT_WIDTH),
    height: pixels(options.height, DEFAULT_HEIGHT),
    start: isoSeconds(start),
    end: isoSeconds(end),
    ...optional("period", period),
    timezone: "+0000",
    metrics,
    annotations: {
      ...(threshold === undefined ? {} : { horizontal: [threshold] }),
      vertical: [stateChangeLine(alarm, start, end)],
    },
    legend: { position: "bottom" },
  };
}

function metricRow(metric: MetricRef | undefined, extra: MetricOptions): MetricRow | undefined {
  if (metric?.namespace === undefined || metric.name === undefined) return undefined;
  const dimensions = Object.entries(metric.dimensions).flat();
  const opts: MetricOptions = {
    ...optional("stat", metric.stat),
    ...optional("period", metric.period),
    ...extra,
  };
  return [metric.namespace, metric.name, ...dimensions, opts];
}

/**
 * One row per query. A row the payload cannot name (no metric name, no expression) would leave an expression
 * pointing at a missing id, which CloudWatch refuses; so the whole graph is dropped instead.
 */
function queryRows(
  queries: readonly MetricQuery[],
  forceVisible: (q: MetricQuery) => boolean,
): MetricRow[] | undefined {
  const rows: MetricRow[] = [];
  for (const q of queries) {
    const visible = q.returnData || forceVisible(q);
    const common: MetricOptions = {
      id: q.id,
      ...optional("label", q.label),
      ...(visible ? {} : { visible: false }),
    };
    if (q.expression !== undefined) {
      rows.push([{ expression: q.expression, ...common }]);
      continue;
    }
    const row = metricRow(q.metric, common);
    if (row === undefined) return undefined;
    rows.push(row);
  }
  return rows;
}

/** Query ids an expression mentions (`m1` in `ANOMALY_DETECTION_BAND(m1, 2)`). */
function referencedIds(expression: string): string[] {
  return expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? [];
}

function thresholdLine(evaluation: Evaluation): HorizontalAnnotation | undefined {
  if (evaluation.threshold === undefined) return undefined;
  const comparison = evaluation.comparison === undefined ? undefined : COMPARISONS[evaluation.comparison];
  const value = formatNumber(evaluation.threshold);
  return {
    value: evaluation.threshold,
    label: comparison === undefined ? `threshold ${value}` : `threshold ${comparison.symbol} ${value}`,
    color: THRESHOLD_COLOR,
    ...optional("fill", comparison?.fill),
  };
}

function stateChangeLine(alarm: Alarm, start: Date, end: Date): VerticalAnnotation {
  const at = parseTime(alarm.time) ?? end;
  const clamped = new Date(Math.min(Math.max(at.getTime(), start.getTime()), end.getTime()));
  return {
    value: isoSeconds(clamped),
    label: `${alarm.state} ${isoSeconds(at).slice(11, 16)} UTC`,
    color: STATE_COLORS[alarm.state],
  };
}

/**
 * Ends a little after the state change (a few periods, to show what followed when the graph is posted late),
 * but no later than `now` when the graph is drawn right away, so the right edge is not empty future.
 */
function graphWindow(time: string, period: number | undefined, now: Date): { start: Date; end: Date } {
  const at = (parseTime(time) ?? now).getTime();
  const periodMs = (period ?? 60) * 1000;
  const after = Math.max(10 * MINUTE_MS, 2 * periodMs);
  const end = Math.min(at + after, Math.max(now.getTime(), at + MINUTE_MS));
  const start = at - Math.max(MIN_LOOKBACK_MS, LOOKBACK_PERIODS * periodMs);
  return { start: new Date(start), end: new Date(end) };
}

function parseTime(time: string): Date | undefined {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** CloudWatch reads ISO-8601 without milliseconds everywhere; keep to that form. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function pixels(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_PIXELS, Math.max(1, Math.round(value)));
}

/** `{ key: value }` when the value is defined, else nothing (exactOptionalPropertyTypes forbids `undefined`). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
