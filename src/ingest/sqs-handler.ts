import {
  type DeliveryAnswer,
  handleSnsDelivery,
  ingestMessage,
  type SnsDeliveryDeps,
} from "../alarms/handle-sns-delivery.js";
import { classifySqsBody, rawDedupeKey } from "./sqs-body.js";
import type { SqsMessageMeta } from "./sqs-poller.js";

/**
 * SQS keeps a message up to 14 days, so an SNS-signed body can legitimately be that old when it is read after an
 * outage. Give the verifier used for SQS at least this `maxAgeSeconds`, or a backlog is refused as stale and
 * dropped; replays are already bounded by IAM on the queue and by message-id dedupe.
 */
export const SQS_MAX_MESSAGE_AGE_SECONDS = 14 * 24 * 3600;

/**
 * Builds the poller's `handle` from the SNS delivery dependencies. An SNS-wrapped body goes through the full SNS
 * path ({@link handleSnsDelivery}: envelope, signature, topic, age, then ingest); a raw body (trusted through
 * IAM on the queue) goes straight to {@link ingestMessage} keyed by {@link rawDedupeKey}. A body that holds no
 * alarm answers 422 instead of SNS's 200, so the poller reports it as poison (with its text) before deleting it.
 */
export function createSqsHandler(
  deps: SnsDeliveryDeps,
): (body: string, meta: SqsMessageMeta) => Promise<DeliveryAnswer> {
  return async (body, meta) => {
    const answer =
      classifySqsBody(body) === "sns"
        ? await handleSnsDelivery(deps, body)
        : await ingestMessage(deps, rawDedupeKey(body, meta.messageId), body);
    return answer.outcome === "unparseable" ? { ...answer, status: 422 } : answer;
  };
}
