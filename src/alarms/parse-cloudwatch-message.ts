import { systemClock } from "../shared/clock.js";
import { err, ok, type Result } from "../shared/result.js";
import type { Alarm, AlarmTrigger, Evaluation, MetricQuery, MetricRef } from "./alarm.js";
import { compositeTrigger } from "./composite-children.js";
import { AlarmParseError } from "./errors.js";
import { locateAlarm } from "./parse-arn.js";
import type { ParseAlarmContext } from "./parse-context.js";
import {
  asArray,
  asRecord,
  compact,
  type JsonRecord,
  readBoolean,
  readDimensions,
  readIdentifier,
  readIsoTime,
  readNumber,
  readState,
  readString,
  unknownFields,
} from "./payload-readers.js";
import { reasonDataText } from "./reason-hints.js";
import { triggerFromQueries } from "./trigger-from-queries.js";

const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  "AlarmName",
  "AlarmDescription",
  "AWSAccountId",
  "AlarmConfigurationUpdatedTimestamp",
  "NewStateValue",
  "NewStateReason",
  "NewStateReasonData",
  "StateChangeTime",
  "Region",
  "AlarmArn",
  "OldStateValue",
  "OKActions",
  "AlarmActions",
  "InsufficientDataActions",
  "Trigger",
  "AlarmRule",
  "TriggeringChildren",
  "ActionsSuppressedBy",
  "ActionsSuppressedReason",
]);

/**
 * Parses the JSON CloudWatch puts in an SNS `Message` (`AlarmName`, `NewStateValue`, `Trigger`, …), every
 * vintage from 2016 on: single metric (`Statistic` or `ExtendedStatistic`), metric math and anomaly bands
 * (`Trigger.Metrics`), and composite alarms (`AlarmRule`). Only `AlarmName` is required; an unrecognised
 * `Trigger` becomes `{kind:"unknown"}` and is kept in `unparsed` so the message still shows it.
 */
export function parseCloudWatchMessage(
  message: JsonRecord,
  context: ParseAlarmContext = {},
): Result<Alarm, AlarmParseError> {
  const name = readString(message.AlarmName);
  if (name === undefined) {
    return err(
      new AlarmParseError("The CloudWatch alarm message has no AlarmName; expected a non-empty string."),
    );
  }
  const arn = readString(message.AlarmArn);
  const location = locateAlarm({
    alarmArn: arn,
    accountId: readIdentifier(message.AWSAccountId),
    topicArn: context.topicArn,
    regionDisplayName: readString(message.Region),
  });
  const trigger = parseTrigger(message);
  const state = readState(message.NewStateValue);
  const leftovers = {
    ...unknownFields(message, KNOWN_FIELDS),
    ...(trigger.kind === "unknown" && message.Trigger !== undefined ? { Trigger: message.Trigger } : {}),
    ...(state === undefined && message.NewStateValue !== undefined
      ? { NewStateValue: message.NewStateValue }
      : {}),
  };
  return ok({
    source: "sns",
    name,
    ...location,
    // A notification about an alarm whose state cannot be read is treated as firing: posting it loudly is
    // safer for the on-call person than dropping it.
    state: state ?? "ALARM",
    time: readIsoTime(message.StateChangeTime) ?? (context.clock ?? systemClock)().toISOString(),
    trigger,
    ...compact({
      arn,
      description: readString(message.AlarmDescription),
      previousState: readState(message.OldStateValue),
      reason: readString(message.NewStateReason),
      reasonData: reasonDataText(message.NewStateReasonData),
      unparsed: Object.keys(leftovers).length > 0 ? leftovers : undefined,
    }),
  });
}

function parseTrigger(message: JsonRecord): AlarmTrigger {
  const rule = readString(message.AlarmRule);
  if (rule !== undefined || message.TriggeringChildren !== undefined) {
    return compositeTrigger(
      rule,
      message.TriggeringChildren,
      message.ActionsSuppressedBy,
      message.ActionsSuppressedReason,
    );
  }
  const trigger = asRecord(message.Trigger);
  if (trigger === undefined) return { kind: "unknown" };
  const evaluation: Evaluation = compact({
    comparison: readString(trigger.ComparisonOperator),
    threshold: readNumber(trigger.Threshold),
    evaluationPeriods: readNumber(trigger.EvaluationPeriods),
    datapointsToAlarm: readNumber(trigger.DatapointsToAlarm),
    treatMissingData: normaliseTreatMissingData(trigger.TreatMissingData),
    period: readNumber(trigger.Period),
  });
  const queries = asArray(trigger.Metrics).flatMap(readQuery);
  if (queries.length > 0) {
    return triggerFromQueries(queries, evaluation, readString(trigger.ThresholdMetricId));
  }
  if (trigger.MetricName === undefined && trigger.Namespace === undefined) return { kind: "unknown" };
  return {
    kind: "metric",
    metric: readMetric(trigger, {
      stat: readStatistic(trigger),
      period: readNumber(trigger.Period),
      unit: readString(trigger.Unit),
    }),
    ...evaluation,
  };
}

function readQuery(entry: unknown, index: number): MetricQuery[] {
  const record = asRecord(entry);
  if (record === undefined) return [];
  const metricStat = asRecord(record.MetricStat);
  const metric = asRecord(metricStat?.Metric);
  return [
    {
      id: readString(record.Id) ?? `query${index + 1}`,
      returnData: readBoolean(record.ReturnData) ?? true,
      ...compact({
        label: readString(record.Label),
        expression: readString(record.Expression),
        metric:
          metricStat === undefined || metric === undefined
            ? undefined
            : readMetric(metric, {
                stat: readString(metricStat.Stat),
                period: readNumber(metricStat.Period),
                unit: readString(metricStat.Unit),
              }),
      }),
    },
  ];
}

function readMetric(
  metric: JsonRecord,
  settings: { stat: string | undefined; period: number | undefined; unit: string | undefined },
): MetricRef {
  return {
    dimensions: readDimensions(metric.Dimensions),
    ...compact({ namespace: readString(metric.Namespace), name: readString(metric.MetricName), ...settings }),
  };
}

const TITLE_CASE_STATISTICS: Readonly<Record<string, string>> = {
  AVERAGE: "Average",
  SUM: "Sum",
  MINIMUM: "Minimum",
  MAXIMUM: "Maximum",
  SAMPLECOUNT: "SampleCount",
  SAMPLE_COUNT: "SampleCount",
};

/**
 * SNS writes `Statistic` in upper case (`AVERAGE`) but the console and GetMetricWidgetImage use `Average`; a
 * percentile arrives as `ExtendedStatistic` (`p95`), sometimes flagged by `StatisticType`.
 */
function readStatistic(trigger: JsonRecord): string | undefined {
  const extended = readString(trigger.ExtendedStatistic);
  const plain = readString(trigger.Statistic);
  if (extended !== undefined && (trigger.StatisticType === "ExtendedStatistic" || plain === undefined)) {
    return extended;
  }
  return plain === undefined ? extended : (TITLE_CASE_STATISTICS[plain.toUpperCase()] ?? plain);
}

const TREAT_MISSING_DATA: Readonly<Record<string, string>> = {
  missing: "missing",
  ignore: "ignore",
  breaching: "breaching",
  notbreaching: "notBreaching",
  nonbreaching: "notBreaching",
};

/**
 * Normalises the `TreatMissingData` forms seen in the wild (`""`, `"missing"`,
 * `"- TreatMissingData:                    missing"`, `"- TreatMissingData:NonBreaching"`) to the API values.
 */
export function normaliseTreatMissingData(value: unknown): string | undefined {
  const raw = readString(value);
  if (raw === undefined) return undefined;
  const cleaned = raw.replace(/^\s*-?\s*TreatMissingData\s*:/i, "").trim();
  if (cleaned === "") return undefined;
  return TREAT_MISSING_DATA[cleaned.toLowerCase()] ?? cleaned;
}
