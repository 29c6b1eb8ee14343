import { asRecord, type JsonRecord, parseJsonRecord, readNumber } from "./payload-readers.js";

/** What an EventBridge `reasonData` string says about the evaluation, parsed leniently. */
export interface ReasonDataHints {
  readonly record?: JsonRecord;
  readonly threshold?: number;
  readonly period?: number;
  readonly triggeringAlarms?: unknown;
}

/**
 * Reads the `reasonData` JSON string (`{threshold, period, recentDatapoints, …}` or, for a composite,
 * `{triggeringAlarms:[…]}`). EventBridge events do not carry the threshold in `configuration`, so this is the
 * only place it can come from.
 */
export function readReasonData(reasonData: string | undefined): ReasonDataHints {
  const record = reasonData === undefined ? undefined : parseJsonRecord(reasonData);
  if (record === undefined) return {};
  const threshold = readNumber(record.threshold);
  const period = readNumber(record.period);
  return {
    record,
    ...(threshold === undefined ? {} : { threshold }),
    ...(period === undefined ? {} : { period }),
    ...(record.triggeringAlarms === undefined ? {} : { triggeringAlarms: record.triggeringAlarms }),
  };
}

/** Keeps `reasonData` as text whatever form it arrived in, as the model promises. */
export function reasonDataText(value: unknown): string | undefined {
  if (typeof value === "string") return value.length > 0 ? value : undefined;
  return asRecord(value) === undefined ? undefined : JSON.stringify(value);
}

const COMPARISON_PHRASES: readonly (readonly [RegExp, string])[] = [
  [
    /less than the lower thresholds?.*greater than the upper thresholds?/is,
    "LessThanLowerOrGreaterThanUpperThreshold",
  ],
  [/greater than the upper thresholds?/i, "GreaterThanUpperThreshold"],
  [/less than the lower thresholds?/i, "LessThanLowerThreshold"],
  [/greater than or equal to the threshold/i, "GreaterThanOrEqualToThreshold"],
  [/less than or equal to the threshold/i, "LessThanOrEqualToThreshold"],
  [/greater than the threshold/i, "GreaterThanThreshold"],
  [/less than the threshold/i, "LessThanThreshold"],
];

/**
 * Recovers the comparison operator from CloudWatch's generated reason ("… was greater than the threshold
 * (50.0)", "… was not less than the lower thresholds …"). EventBridge events omit the operator, and the wording
 * names it for both directions of a transition. Manual `set-alarm-state` reasons match nothing.
 */
export function comparisonFromReason(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  return COMPARISON_PHRASES.find(([phrase]) => phrase.test(reason))?.[1];
}

/**
 * Reads the threshold CloudWatch writes into a generated reason ("… was less than the threshold (1.0)."), for
 * events whose `reasonData` is missing, such as Metrics Insights contributor events.
 */
export function thresholdFromReason(reason: string | undefined): number | undefined {
  const match =
    reason === undefined ? null : /\bthe threshold \((-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\)/.exec(reason);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
