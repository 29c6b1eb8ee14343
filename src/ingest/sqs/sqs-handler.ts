import type { SnsVerificationError } from "../sns/errors.js";
import {
  type DeliveryAnswer,
  handleSnsDelivery,
  ingestMessage,
  type SnsDeliveryDeps,
} from "../sns/handle-sns-delivery.js";
import { classifySqsBody, rawDedupeKey } from "./sqs-body.js";
import type { SqsHandleAnswer, SqsMessageMeta } from "./sqs-message-policy.js";

/**
 * SQS keeps a message up to 14 days, so an SNS-signed body can legitimately be that old when it is read after an
 * outage. Give the verifier used for SQS at least this `maxAgeSeconds`, or a backlog is refused as stale and
 * dropped; replays are already bounded by IAM on the queue and by message-id dedupe.
 */
export const SQS_MAX_MESSAGE_AGE_SECONDS = 14 * 24 * 3600;

/** What the operator changes for each refusal that is about klaxon's setup rather than the message. */
const OPERATOR_FIXES: Partial<Record<SnsVerificationError["code"], string>> = {
  sns_topic_not_allowed: "add the topic ARN to sns.topicArns (or set sns.allowAnyTopic: true) and restart",
  sns_stale: "set this host's clock right (NTP); the message is retried on every redelivery",
  sns_unsupported_signature_version:
    "set the topic attribute SignatureVersion to 2, or lower sns.minSignatureVersion to 1",
  sns_cert_fetch_failed: "allow outbound HTTPS from klaxon to sns.<region>.amazonaws.com",
  sns_cert_invalid:
    "allow outbound HTTPS from klaxon to sns.<region>.amazonaws.com (the download was not a certificate)",
};

/**
 * Whether a refusal can be cured by the operator (allowlist, clock, signature-version policy, outbound network)
 * rather than being a defect of the message itself. A forged or altered signature, a certificate URL off the
 * pinned AWS pattern, or an unknown SignatureVersion is the message's own fault: redelivering the same bytes gives
 * the same answer, so those stay poison.
 */
function operatorFix(error: SnsVerificationError, signatureVersion: string): string | undefined {
  if (error.code === "sns_unsupported_signature_version" && signatureVersion !== "1") return undefined;
  if (error.code === "sns_cert_invalid" && !error.retryable) return undefined;
  return OPERATOR_FIXES[error.code];
}

/**
 * Builds the poller's `handle` from the SNS delivery dependencies. An SNS-wrapped body goes through the full SNS
 * path ({@link handleSnsDelivery}: envelope, signature, topic, age, then ingest); a raw body (trusted through
 * IAM on the queue) goes straight to {@link ingestMessage} keyed by {@link rawDedupeKey}. A body that holds no
 * alarm answers 422 instead of SNS's 200, so the poller reports it as poison (with its text) before deleting it.
 * A refusal the operator can fix (topic not in the allowlist, a skewed clock, signature-version policy, no route
 * to the certificate) answers 503 with `hold`, so the message stays on the queue for redelivery and, after the
 * queue's maxReceiveCount, its dead-letter queue, instead of being deleted as poison.
 */
export function createSqsHandler(
  deps: SnsDeliveryDeps,
): (body: string, meta: SqsMessageMeta) => Promise<SqsHandleAnswer> {
  return async (body, meta) => {
    if (classifySqsBody(body) !== "sns") {
      const answer = await ingestMessage(deps, rawDedupeKey(body, meta.messageId), body);
      return answer.outcome === "unparseable" ? { ...answer, status: 422 } : answer;
    }
    let refusal: { error: SnsVerificationError; version: string } | undefined;
    const answer: DeliveryAnswer = await handleSnsDelivery(
      {
        ...deps,
        verify: async (message) => {
          const verified = await deps.verify(message);
          if (!verified.ok) refusal = { error: verified.error, version: message.SignatureVersion };
          return verified;
        },
      },
      body,
    );
    const fix = refusal === undefined ? undefined : operatorFix(refusal.error, refusal.version);
    if (refusal === undefined || fix === undefined) return answer;
    return {
      status: 503,
      outcome: "held",
      body: refusal.error.message,
      hold: { code: refusal.error.code, fix },
    };
  };
}
