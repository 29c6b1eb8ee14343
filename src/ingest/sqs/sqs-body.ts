/** How an SQS message body carries its alarm: inside a signed SNS envelope, or as the alarm JSON itself. */
export type SqsBodyKind = "sns" | "raw";

const SNS_TYPES = new Set(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]);

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(body);
    return typeof json === "object" && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tells an SNS-wrapped body (an SNS subscription with raw message delivery off: `Type` is an SNS envelope type
 * and `TopicArn` and `Message` are strings) from a raw one (raw delivery on, or an EventBridge rule targeting
 * the queue). An envelope is classed "sns" even without `Signature`, so the SNS path refuses it by name rather
 * than trusting a hand-made envelope; anything else, JSON or not, is "raw".
 */
export function classifySqsBody(body: string): SqsBodyKind {
  const json = parseObject(body);
  if (json === undefined) return "raw";
  const isEnvelope =
    typeof json.Type === "string" &&
    SNS_TYPES.has(json.Type) &&
    typeof json.TopicArn === "string" &&
    typeof json.Message === "string";
  return isEnvelope ? "sns" : "raw";
}

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

/**
 * The dedupe key for a raw body. SNS and EventBridge deliver at least once, and each copy gets its own SQS
 * MessageId, so the key comes from the content where it identifies the event: the EventBridge event `id`, or
 * for a CloudWatch alarm notification its `AlarmArn`, `NewStateValue` and `StateChangeTime` (one transition).
 * Otherwise the SQS MessageId, which still makes SQS redeliveries of the same message idempotent.
 */
export function rawDedupeKey(body: string, sqsMessageId: string): string {
  const json = parseObject(body);
  if (json === undefined) return sqsMessageId;
  const eventId = str(json.id);
  if (eventId !== undefined && str(json["detail-type"]) !== undefined && str(json.source) !== undefined) {
    return eventId;
  }
  const arn = str(json.AlarmArn);
  const state = str(json.NewStateValue);
  const time = str(json.StateChangeTime);
  if (arn !== undefined && state !== undefined && time !== undefined) return `cw:${arn}:${state}:${time}`;
  return sqsMessageId;
}
