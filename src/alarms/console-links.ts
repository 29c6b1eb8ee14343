import { cloudWatchConsoleHome } from "../aws/partition.js";
import type { Alarm, Partition } from "./alarm.js";

export { consoleOrigin } from "../aws/partition.js";

/**
 * Region codes look like `us-east-2` or `us-gov-west-1`. The region comes from an ARN in an untrusted payload
 * and ends up in a link's host name, so anything else yields no link rather than a link to somewhere else.
 */
const REGION_CODE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** True when the text is shaped like an AWS region code. */
export function isRegionCode(region: string): boolean {
  return REGION_CODE.test(region);
}

/**
 * Link to the alarm's page in the CloudWatch console, with the name URL-encoded (spaces, slashes, unicode), or
 * `undefined` when the region is unknown or not a region code.
 */
export function consoleAlarmUrl(alarm: Pick<Alarm, "name" | "region" | "partition">): string | undefined {
  const home = cloudWatchHome(alarm.partition, alarm.region);
  return home === undefined ? undefined : `${home}#alarmsV2:alarm/${encodeURIComponent(alarm.name)}`;
}

/** How much of the metric's history the graph link shows around the state change. */
export interface MetricsWindow {
  readonly hoursBefore: number;
  readonly hoursAfter: number;
}

const DEFAULT_WINDOW: MetricsWindow = { hoursBefore: 3, hoursAfter: 1 };

/**
 * Link to a CloudWatch console graph of the alarm's metric with its statistic, period and threshold line, over
 * a window around the state change. Only for single-metric alarms with a namespace and metric name; math,
 * anomaly and composite alarms are better opened from {@link consoleAlarmUrl}.
 */
export function consoleMetricsUrl(
  alarm: Pick<Alarm, "region" | "partition" | "trigger" | "time">,
  window: MetricsWindow = DEFAULT_WINDOW,
): string | undefined {
  const home = cloudWatchHome(alarm.partition, alarm.region);
  const trigger = alarm.trigger;
  if (home === undefined || alarm.region === undefined || trigger.kind !== "metric") return undefined;
  const { namespace, name, dimensions, stat, period } = trigger.metric;
  if (namespace === undefined || name === undefined) return undefined;
  const at = Date.parse(alarm.time);
  const graph: Record<string, JsurlValue> = {
    metrics: [[namespace, name, ...Object.entries(dimensions).flat()]],
    view: "timeSeries",
    stacked: false,
    region: alarm.region,
    ...(stat === undefined ? {} : { stat }),
    ...(period === undefined ? {} : { period }),
    ...(Number.isFinite(at)
      ? {
          start: new Date(at - window.hoursBefore * 3_600_000).toISOString(),
          end: new Date(at + window.hoursAfter * 3_600_000).toISOString(),
        }
      : {}),
    ...(trigger.threshold === undefined
      ? {}
      : { annotations: { horizontal: [{ label: "Threshold", value: trigger.threshold }] } }),
  };
  return `${home}#metricsV2:graph=${toJsurl(graph)}`;
}

function cloudWatchHome(partition: Partition, region: string | undefined): string | undefined {
  if (region === undefined || !isRegionCode(region)) return undefined;
  return cloudWatchConsoleHome(region, partition);
}

/** A value the console's JSURL graph state can hold. */
type JsurlValue = string | number | boolean | readonly JsurlValue[] | { readonly [key: string]: JsurlValue };

/**
 * Serialises to JSURL, the compact JSON-in-URL form the CloudWatch console uses for `#metricsV2:graph=`:
 * `~(key~value)` objects, `~(~a~b)` arrays, `~'text` strings with characters other than `[A-Za-z0-9_.-]`
 * written as `*hh` (or `**hhhh` above U+00FF), and `$` as `!`.
 */
export function toJsurl(value: JsurlValue): string {
  if (typeof value === "number")
    return Number.isFinite(value) ? `~${String(value).replace("+", "")}` : "~null";
  if (typeof value === "boolean") return `~${value}`;
  if (typeof value === "string") return `~'${encodeJsurlText(value)}`;
  if (isJsurlArray(value)) return `~(${value.map(toJsurl).join("") || "~"})`;
  const fields = Object.entries(value).map(([key, field]) => `${encodeJsurlText(key)}${toJsurl(field)}`);
  return `~(${fields.join("~")})`;
}

function isJsurlArray(value: JsurlValue): value is readonly JsurlValue[] {
  return Array.isArray(value);
}

function encodeJsurlText(text: string): string {
  return text.replace(/[^\w.-]/g, (char) => {
    if (char === "$") return "!";
    const code = char.charCodeAt(0);
    return code < 0x100
      ? `*${code.toString(16).padStart(2, "0")}`
      : `**${code.toString(16).padStart(4, "0")}`;
  });
}
