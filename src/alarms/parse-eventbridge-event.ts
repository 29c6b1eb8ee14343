import { systemClock } from "../shared/clock.js";
import { err, ok, type Result } from "../shared/result.js";
import type { Alarm, AlarmTrigger, Evaluation, MetricQuery } from "./alarm.js";
import { compositeTrigger } from "./composite-children.js";
import { AlarmParseError } from "./errors.js";
import { alarmNameFromArn, locateAlarm } from "./parse-arn.js";
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
import { comparisonFromReason, readReasonData, reasonDataText, thresholdFromReason } from "./reason-hints.js";
import { returnedQuery, triggerFromQueries } from "./trigger-from-queries.js";

/** The EventBridge detail-types that report an alarm changing state. */
export const ALARM_STATE_DETAIL_TYPES: ReadonlySet<string> = new Set([
  "CloudWatch Alarm State Change",
  "CloudWatch Alarm Contributor State Change",
]);

const KNOWN_ENVELOPE: ReadonlySet<string> = new Set([
  "version",
  "id",
  "detail-type",
  "source",
  "account",
  "time",
  "region",
  "resources",
  "detail",
]);
const KNOWN_CONFIGURATION: ReadonlySet<string> = new Set(["description", "metrics", "alarmRule"]);
const KNOWN_DETAIL: ReadonlySet<string> = new Set([
  "alarmName",
  "state",
  "previousState",
  "configuration",
  "alarmContributor",
]);

/**
 * Parses an EventBridge "CloudWatch Alarm State Change" (or "… Contributor State Change") event, delivered
 * directly or as an SNS `Message`. The region code comes from the alarm ARN in `resources`, else `region`.
 * Other detail-types (e.g. "CloudWatch Alarm Configuration Change") are refused: they name an alarm but report
 * no state, and posting them as incidents would page people for edits.
 */
export function parseEventBridgeEvent(
  event: JsonRecord,
  context: ParseAlarmContext = {},
): Result<Alarm, AlarmParseError> {
  const detailType = readString(event["detail-type"]);
  if (detailType !== undefined && !ALARM_STATE_DETAIL_TYPES.has(detailType)) {
    return err(
      new AlarmParseError(
        `EventBridge event of detail-type "${detailType}" is not an alarm state change; expected ` +
          `"CloudWatch Alarm State Change". Narrow the EventBridge rule's pattern to that detail-type.`,
      ),
    );
  }
  const detail = asRecord(event.detail);
  if (detail === undefined) {
    return err(
      new AlarmParseError("The EventBridge event has no `detail` object; expected detail.alarmName."),
    );
  }
  return parseEventBridgeDetail(
    detail,
    {
      alarmArn: asArray(event.resources)
        .map(readString)
        .find((arn) => arn !== undefined && alarmNameFromArn(arn) !== undefined),
      regionCode: readString(event.region),
      accountId: readIdentifier(event.account),
      time: event.time,
      unparsed: unknownFields(event, KNOWN_ENVELOPE),
    },
    context,
  );
}

/** What the EventBridge envelope adds to its `detail`. All optional so a bare `detail` can be parsed too. */
export interface EventBridgeEnvelope {
  readonly alarmArn?: string | undefined;
  readonly regionCode?: string | undefined;
  readonly accountId?: string | undefined;
  readonly time?: unknown;
  readonly unparsed?: JsonRecord | undefined;
}

/**
 * Parses the `detail` of an alarm state-change event (`alarmName`, `state`, `previousState`, `configuration`).
 * EventBridge configuration omits the comparison and threshold, so they are recovered from the reason text
 * and `reasonData`; evaluation periods are not knowable here and stay unset.
 */
export function parseEventBridgeDetail(
  detail: JsonRecord,
  envelope: EventBridgeEnvelope = {},
  context: ParseAlarmContext = {},
): Result<Alarm, AlarmParseError> {
  const name = readString(detail.alarmName);
  if (name === undefined) {
    return err(
      new AlarmParseError("The EventBridge alarm event has no detail.alarmName; expected a string."),
    );
  }
  const current = asRecord(detail.state) ?? {};
  const previous = asRecord(detail.previousState);
  const configuration = asRecord(detail.configuration) ?? {};
  const state = readState(current.value);
  // Suppressor settings and newer configuration fields have no place in the model; keep them visible.
  const otherConfiguration = unknownFields(configuration, KNOWN_CONFIGURATION);
  const leftovers = {
    ...envelope.unparsed,
    ...unknownFields(detail, KNOWN_DETAIL),
    ...(otherConfiguration === undefined ? {} : { configuration: otherConfiguration }),
    ...(state === undefined && detail.state !== undefined ? { state: detail.state } : {}),
  };
  return ok({
    source: "eventbridge",
    name,
    ...locateAlarm({ ...envelope, topicArn: context.topicArn }),
    // Unreadable state: post it as firing rather than drop it (see parse-cloudwatch-message).
    state: state ?? "ALARM",
    time:
      readIsoTime(current.timestamp) ??
      readIsoTime(envelope.time) ??
      (context.clock ?? systemClock)().toISOString(),
    trigger: parseTrigger(configuration, current, previous),
    ...compact({
      arn: envelope.alarmArn,
      description: readString(configuration.description),
      previousState: readState(previous?.value),
      reason: readString(current.reason),
      reasonData: reasonDataText(current.reasonData),
      contributor: readContributor(detail.alarmContributor),
      unparsed: Object.keys(leftovers).length > 0 ? leftovers : undefined,
    }),
  });
}

function parseTrigger(
  configuration: JsonRecord,
  current: JsonRecord,
  previous: JsonRecord | undefined,
): AlarmTrigger {
  const hints = readReasonData(reasonDataText(current.reasonData));
  const rule = readString(configuration.alarmRule);
  if (rule !== undefined || hints.triggeringAlarms !== undefined) {
    return compositeTrigger(
      rule,
      hints.triggeringAlarms,
      current.actionsSuppressedBy,
      current.actionsSuppressedReason,
    );
  }
  const entries = asArray(configuration.metrics);
  const queries = entries.flatMap(readQuery);
  if (queries.length === 0) return { kind: "unknown" };
  const returned = returnedQuery(queries);
  const returnedEntry = asRecord(entries.find((entry) => asRecord(entry)?.id === returned?.id));
  const evaluation: Evaluation = compact({
    comparison:
      comparisonFromReason(readString(current.reason)) ?? comparisonFromReason(readString(previous?.reason)),
    threshold: hints.threshold ?? thresholdFromReason(readString(current.reason)),
    period: hints.period ?? readNumber(returnedEntry?.period),
  });
  return triggerFromQueries(queries, evaluation);
}

function readQuery(entry: unknown, index: number): MetricQuery[] {
  const record = asRecord(entry);
  if (record === undefined) return [];
  const metricStat = asRecord(record.metricStat);
  const metric = asRecord(metricStat?.metric);
  return [
    {
      id: readString(record.id) ?? `query${index + 1}`,
      returnData: readBoolean(record.returnData) ?? true,
      ...compact({
        label: readString(record.label),
        expression: readString(record.expression),
        metric:
          metricStat === undefined || metric === undefined
            ? undefined
            : {
                dimensions: readDimensions(metric.dimensions),
                ...compact({
                  namespace: readString(metric.namespace),
                  name: readString(metric.name),
                  stat: readString(metricStat.stat),
                  period: readNumber(metricStat.period),
                  unit: readString(metricStat.unit),
                }),
              },
      }),
    },
  ];
}

function readContributor(value: unknown): Alarm["contributor"] {
  const record = asRecord(value);
  const id = readIdentifier(record?.id);
  if (id === undefined) return undefined;
  const attributes = Object.entries(asRecord(record?.attributes) ?? {}).flatMap(([key, raw]) => {
    const text = readIdentifier(raw);
    return text === undefined ? [] : [[key, text] as const];
  });
  return { id, attributes: Object.fromEntries(attributes) };
}
