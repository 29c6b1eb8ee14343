import { err, type Result } from "../shared/result.js";
import type { Alarm } from "./alarm.js";
import { AlarmParseError } from "./errors.js";
import { parseCloudWatchMessage } from "./parse-cloudwatch-message.js";
import type { ParseAlarmContext } from "./parse-context.js";
import { parseEventBridgeDetail, parseEventBridgeEvent } from "./parse-eventbridge-event.js";
import { asRecord, type JsonRecord, parseJsonRecord, readString } from "./payload-readers.js";

export type { ParseAlarmContext } from "./parse-context.js";

const EXPECTED =
  "expected a CloudWatch alarm: the SNS Message JSON of an alarm (with AlarmName), or an EventBridge " +
  'event with detail-type "CloudWatch Alarm State Change" and detail.alarmName';

/** SNS envelopes nest at most once in practice (SNS → SQS without raw delivery); a few levels is plenty. */
const MAX_UNWRAP_DEPTH = 3;

/**
 * Parses any alarm notification klaxon receives into an {@link Alarm}, choosing the parser by shape: the
 * CloudWatch JSON SNS carries (`AlarmName`, `NewStateValue`, `Trigger`), an EventBridge alarm event (directly,
 * or as an SNS `Message`), or a bare EventBridge `detail`. A JSON string is parsed first, and a whole SNS
 * envelope (`Type:"Notification"`, as SQS receives it without raw delivery) is unwrapped, its `TopicArn` used
 * for the region. Payloads that name an alarm always parse, perhaps with `trigger:{kind:"unknown"}`; anything
 * else is an `AlarmParseError` saying what was expected.
 */
export function parseAlarm(json: unknown, source: ParseAlarmContext = {}): Result<Alarm, AlarmParseError> {
  return parseAtDepth(json, source, 0);
}

function parseAtDepth(
  json: unknown,
  context: ParseAlarmContext,
  depth: number,
): Result<Alarm, AlarmParseError> {
  const record = typeof json === "string" ? parseJsonRecord(json) : asRecord(json);
  if (record === undefined) {
    return err(new AlarmParseError(`The notification is ${describeValue(json)}; ${EXPECTED}.`));
  }
  if (record.AlarmName !== undefined) return parseCloudWatchMessage(record, context);
  if (isSnsEnvelope(record) && depth < MAX_UNWRAP_DEPTH) {
    const topicArn = readString(record.TopicArn) ?? context.topicArn;
    return parseAtDepth(
      record.Message,
      { ...context, ...(topicArn === undefined ? {} : { topicArn }) },
      depth + 1,
    );
  }
  if (record["detail-type"] !== undefined || asRecord(record.detail) !== undefined) {
    return parseEventBridgeEvent(record, context);
  }
  if (record.alarmName !== undefined) return parseEventBridgeDetail(record, {}, context);
  return err(new AlarmParseError(`The notification has no alarm name; ${EXPECTED}.`));
}

function isSnsEnvelope(record: JsonRecord): boolean {
  return record.Type === "Notification" && typeof record.Message === "string";
}

function describeValue(json: unknown): string {
  if (typeof json === "string") {
    const preview = json.length > 40 ? `${json.slice(0, 40)}…` : json;
    return `text that is not a JSON object ("${preview}")`;
  }
  if (json === null) return "null";
  return Array.isArray(json) ? "a JSON array" : `a ${typeof json}`;
}
