import type { Partition } from "../aws/partition.js";

/** CloudWatch alarm states. */
export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** AWS partitions, needed for console links and ARNs. */
export type { Partition };

/** One CloudWatch metric as an alarm names it. */
export interface MetricRef {
  readonly namespace?: string;
  readonly name?: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Statistic or extended statistic, e.g. `Average`, `p95`. */
  readonly stat?: string;
  /** Period in seconds. */
  readonly period?: number;
  readonly unit?: string;
}

/** One entry of a metric-math or anomaly-detection alarm's `Metrics` list. */
export interface MetricQuery {
  readonly id: string;
  readonly label?: string;
  readonly expression?: string;
  readonly metric?: MetricRef;
  readonly returnData: boolean;
}

/** The evaluation settings every metric alarm carries. */
export interface Evaluation {
  readonly comparison?: string;
  readonly threshold?: number;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  /** `missing` | `ignore` | `breaching` | `notBreaching` (the API spelling), whatever the payload wrote. */
  readonly treatMissingData?: string;
  /** Period in seconds of the evaluated series (the alarm's `Period`, or the returned query's period). */
  readonly period?: number;
}

/** What the alarm watches: a single metric, a math expression, an anomaly band, or other alarms. */
export type AlarmTrigger =
  | ({ readonly kind: "metric"; readonly metric: MetricRef } & Evaluation)
  | ({ readonly kind: "math"; readonly metrics: readonly MetricQuery[] } & Evaluation)
  | ({
      readonly kind: "anomaly";
      readonly metrics: readonly MetricQuery[];
      /** The id of the `ANOMALY_DETECTION_BAND` query the threshold refers to. */
      readonly bandId?: string;
    } & Evaluation)
  | {
      readonly kind: "composite";
      readonly rule?: string;
      readonly children: readonly {
        readonly name: string;
        readonly arn?: string;
        readonly state?: AlarmState;
      }[];
      readonly actionsSuppressedBy?: string;
      readonly actionsSuppressedReason?: string;
    }
  | { readonly kind: "unknown" };

/** Where an alarm notification came from. */
export type AlarmSource = "sns" | "eventbridge";

/**
 * The one model every alarm shape is parsed into. Only `name`, `state` and `time` are guaranteed; everything
 * else is optional because real payloads from 2016 to today differ, and unknown shapes are still posted.
 */
export interface Alarm {
  readonly source: AlarmSource;
  readonly name: string;
  readonly arn?: string;
  readonly accountId?: string;
  /** Region code (`us-east-2`), taken from the ARN, never the display name. */
  readonly region?: string;
  readonly partition: Partition;
  readonly description?: string;
  readonly state: AlarmState;
  readonly previousState?: AlarmState;
  readonly reason?: string;
  /** The `NewStateReasonData`/`reasonData` JSON string, kept as text. */
  readonly reasonData?: string;
  /** ISO-8601 time of the state change. */
  readonly time: string;
  readonly trigger: AlarmTrigger;
  /** For a multi-time-series (Metrics Insights) alarm: the contributor that changed state, e.g. one table. */
  readonly contributor?: {
    readonly id: string;
    readonly attributes: Readonly<Record<string, string>>;
  };
  /** Fields of the payload klaxon did not understand, shown raw so nothing is hidden. */
  readonly unparsed?: Readonly<Record<string, unknown>>;
}

/** The identity an episode is keyed by: the ARN when known, else account/region/name. */
export function alarmKey(alarm: Alarm): string {
  return alarm.arn ?? `${alarm.partition}:${alarm.region ?? "?"}:${alarm.accountId ?? "?"}:${alarm.name}`;
}
