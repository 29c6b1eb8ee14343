import type { Alarm } from "../../alarms/alarm.js";
import { parseAlarm } from "../../alarms/parse-alarm.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { Result } from "../../shared/result.js";
import type { IngestOutcome } from "../../store/store.js";
import type { SnsVerificationError } from "./errors.js";
import { parseSnsEnvelope, type SnsMessage } from "./sns-envelope.js";

/** An HTTP answer for SNS: 2xx only once the alarm is durable; 4xx for bad input; 5xx so SNS retries. */
export interface DeliveryAnswer {
  readonly status: number;
  readonly body: string;
  /** For metrics and logs: what happened. */
  readonly outcome:
    | "accepted"
    | "duplicate"
    | "ignored"
    | "confirmed"
    | "unsubscribed"
    | "rejected"
    | "unparseable"
    | "error";
}

export interface SnsDeliveryDeps {
  readonly verify: (message: SnsMessage) => Promise<Result<SnsMessage, SnsVerificationError>>;
  readonly confirm: (message: SnsMessage) => Promise<Result<string, SnsVerificationError>>;
  readonly ingest: (input: { messageId: string; alarm: Alarm; receivedAt: string }) => Promise<IngestOutcome>;
  readonly clock: Clock;
  readonly logger: Logger;
}

const answer = (status: number, outcome: DeliveryAnswer["outcome"], body: string): DeliveryAnswer => ({
  status,
  outcome,
  body,
});

/**
 * Handles one SNS HTTPS delivery: parse the envelope, verify signature, certificate URL, topic and age, then
 * confirm subscriptions through the SNS API (never by fetching SubscribeURL) or ingest the alarm inside.
 */
export async function handleSnsDelivery(deps: SnsDeliveryDeps, body: string): Promise<DeliveryAnswer> {
  const parsed = parseSnsEnvelope(body);
  if (!parsed.ok) return answer(400, "rejected", parsed.error.message);
  const verified = await deps.verify(parsed.value);
  if (!verified.ok) {
    const e = verified.error;
    deps.logger.warn({ code: e.code, topic: parsed.value.TopicArn }, `SNS message refused: ${e.message}`);
    return e.retryable ? answer(503, "error", e.message) : answer(403, "rejected", e.message);
  }
  const message = verified.value;
  switch (message.Type) {
    case "SubscriptionConfirmation": {
      const confirmed = await deps.confirm(message);
      if (!confirmed.ok) return answer(502, "error", confirmed.error.message);
      deps.logger.info(
        { topic: message.TopicArn, subscription: confirmed.value },
        "SNS subscription confirmed",
      );
      return answer(200, "confirmed", "subscription confirmed");
    }
    case "UnsubscribeConfirmation":
      deps.logger.warn(
        { topic: message.TopicArn },
        "SNS says this endpoint was unsubscribed from the topic; alarms from it will stop. Re-subscribe if unintended.",
      );
      return answer(200, "unsubscribed", "unsubscribe noted");
    default:
      return ingestMessage(deps, message.MessageId, message.Message, message.TopicArn);
  }
}

/**
 * Parses the alarm inside a verified notification (CloudWatch alarm JSON or an EventBridge event) and ingests
 * it. A notification that is not an alarm at all is acknowledged (retrying cannot fix it) and logged.
 */
export async function ingestMessage(
  deps: SnsDeliveryDeps,
  messageId: string,
  text: string,
  topicArn?: string,
): Promise<DeliveryAnswer> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    deps.logger.warn(
      { messageId },
      "SNS notification is not JSON; only CloudWatch alarm notifications are handled",
    );
    return answer(200, "unparseable", "not an alarm notification; ignored");
  }
  const alarm = parseAlarm(json, { clock: deps.clock, ...(topicArn !== undefined && { topicArn }) });
  if (!alarm.ok) {
    deps.logger.warn(
      { messageId, reason: alarm.error.message },
      "SNS notification is not a CloudWatch alarm; ignored",
    );
    return answer(200, "unparseable", alarm.error.message);
  }
  try {
    const outcome = await deps.ingest({
      messageId,
      alarm: alarm.value,
      receivedAt: deps.clock().toISOString(),
    });
    return outcome.status === "duplicate"
      ? answer(200, "duplicate", "duplicate delivery")
      : answer(200, outcome.decision.ignored ? "ignored" : "accepted", "stored");
  } catch (error) {
    deps.logger.error({ err: error, messageId }, "could not store the alarm; SNS will retry");
    return answer(500, "error", "could not store the alarm; retry");
  }
}
