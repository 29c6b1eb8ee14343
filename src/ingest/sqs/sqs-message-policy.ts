import { DeleteMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import { startVisibilityHeartbeat } from "./visibility-heartbeat.js";

/** What the handler said about one message; the same shape as the SNS route's `DeliveryAnswer`. */
export interface SqsHandleAnswer {
  readonly status: number;
  readonly outcome: string;
  readonly body: string;
  /**
   * Set when the failure needs an operator (allowlist, clock, policy, network), not a different message: the
   * message is never deleted by klaxon, whatever its receive count; SQS redelivers it and finally moves it to the
   * queue's dead-letter queue (its RedrivePolicy maxReceiveCount).
   */
  readonly hold?: { readonly code: string; readonly fix: string };
}

/** What became of one received message, reported for metrics. */
export interface SqsSettled {
  readonly messageId: string;
  readonly receiveCount: number;
  /** `handled`: 2xx, deleted; `held`: left for the operator's fix; `retried`: left for redelivery; `poisoned`: deleted. */
  readonly result: "handled" | "held" | "retried" | "poisoned";
  /** The handler's outcome (accepted, duplicate…), the hold code, or the poison reason. */
  readonly reason: string;
}

/** Facts about one SQS message the handler may use (the MessageId is the dedupe key of a raw body). */
export interface SqsMessageMeta {
  readonly messageId: string;
  readonly receiveCount: number;
}

/** A message klaxon gave up on and deleted; reported so an operator can act on it. */
export interface PoisonMessage {
  readonly messageId: string;
  readonly receiveCount: number;
  /** `rejected`: the handler said 4xx (can never succeed); `max_receives`: failed `maxReceives` times. */
  readonly reason: "rejected" | "max_receives";
  /** The handler's status, or 0 when it threw. */
  readonly status: number;
  readonly outcome: string;
  readonly detail: string;
  /** The message body, cut to 2,000 characters. */
  readonly body: string;
}

export interface SqsMessagePolicyDeps {
  readonly sqs: { send: SQSClient["send"] };
  readonly queueUrl: string;
  readonly handle: (body: string, meta: SqsMessageMeta) => Promise<SqsHandleAnswer>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onPoison?: (info: PoisonMessage) => void;
  /** Called once per handled message with what became of it. */
  readonly onSettled?: (info: SqsSettled) => void;
}

export interface SqsMessagePolicyOptions {
  /** The visibility timeout the message was received with; the heartbeat renews it while the handler runs. */
  readonly visibilityTimeoutSeconds: number;
  /** A failing message is given up (poison) once its receive count reaches this. */
  readonly maxReceives: number;
}

/** What the policy did with one message, for the poller's counters. */
export interface SqsMessageResult {
  /** Undefined when the message could not be handled at all (no receipt handle). */
  readonly result: SqsSettled["result"] | undefined;
  /** Visibility extensions SQS accepted while the handler ran. */
  readonly visibilityExtensions: number;
}

const BODY_LOG_CHARS = 2000;

/**
 * What klaxon does with one received SQS message: hands its body to the handler while a heartbeat keeps it
 * hidden, then deletes it only when the handler answered 2xx (stored) or a definitive 4xx (poison: logged with
 * its body, passed to `onPoison`); on 5xx or a throw it stays and SQS redelivers it after the visibility timeout,
 * until `ApproximateReceiveCount` reaches `maxReceives`, when it is reported as poison and deleted. An answer with
 * `hold` (klaxon's own setup refused it) is never deleted: it is logged with the fix and left to SQS's redelivery
 * and the queue's dead-letter queue. Every message ends in `onSettled`; callback failures are only logged.
 */
export function createSqsMessagePolicy(
  deps: SqsMessagePolicyDeps,
  options: SqsMessagePolicyOptions,
): (message: Message) => Promise<SqsMessageResult> {
  const { logger, queueUrl } = deps;
  const { maxReceives, visibilityTimeoutSeconds: visibility } = options;

  const remove = async (receiptHandle: string, messageId: string): Promise<void> => {
    try {
      await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    } catch (error) {
      logger.warn(
        { err: error, messageId },
        `could not delete a handled message from ${queueUrl}; SQS will redeliver it and dedupe will drop it. ` +
          "Check sqs:DeleteMessage on the queue.",
      );
    }
  };

  const poison = (info: PoisonMessage): void => {
    const text =
      info.reason === "rejected"
        ? `SQS message ${info.messageId} can never be handled (${info.status} ${info.outcome}: ${info.detail}); ` +
          "deleted so it is not retried forever. Its body is logged here."
        : `SQS message ${info.messageId} failed ${info.receiveCount} times (maxReceives ${maxReceives}, last: ` +
          `${info.status} ${info.outcome}: ${info.detail}); deleted. Give ${queueUrl} a dead-letter queue ` +
          `(RedrivePolicy with maxReceiveCount below ${maxReceives}) so SQS keeps such messages for redrive.`;
    logger.error({ ...info }, text);
    try {
      deps.onPoison?.(info);
    } catch (error) {
      logger.warn({ err: error }, "the onPoison callback threw");
    }
  };

  const settled = (info: SqsSettled): void => {
    try {
      deps.onSettled?.(info);
    } catch (error) {
      logger.warn({ err: error }, "the onSettled callback threw");
    }
  };

  return async (message) => {
    const messageId = message.MessageId ?? "(no MessageId)";
    const receiptHandle = message.ReceiptHandle;
    if (receiptHandle === undefined) {
      logger.error(
        { messageId },
        "SQS returned a message without a ReceiptHandle; it cannot be deleted, skipped",
      );
      return { result: undefined, visibilityExtensions: 0 };
    }
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? "1") || 1;
    const body = message.Body ?? "";
    const started = deps.clock().getTime();
    const heartbeat = startVisibilityHeartbeat(deps, { queueUrl, receiptHandle, messageId }, visibility);
    let answer: SqsHandleAnswer;
    try {
      answer = await deps.handle(body, { messageId, receiveCount });
    } catch (error) {
      logger.error(
        { err: error, messageId },
        "the SQS message handler threw; the message stays for redelivery",
      );
      answer = { status: 0, outcome: "error", body: error instanceof Error ? error.message : String(error) };
    } finally {
      await heartbeat.stop();
    }
    const visibilityExtensions = heartbeat.extensions();
    const ms = deps.clock().getTime() - started;
    const base = { messageId, receiveCount, status: answer.status, outcome: answer.outcome };
    const report = (reason: PoisonMessage["reason"]) =>
      poison({ ...base, reason, detail: answer.body, body: body.slice(0, BODY_LOG_CHARS) });
    if (answer.status >= 200 && answer.status < 300) {
      logger.debug({ ...base, ms }, "SQS message handled");
      settled({ messageId, receiveCount, result: "handled", reason: answer.outcome });
      await remove(receiptHandle, messageId);
      return { result: "handled", visibilityExtensions };
    }
    if (answer.hold !== undefined) {
      logger.error(
        { ...base, code: answer.hold.code, detail: answer.body, ms },
        `SQS message ${messageId} refused by klaxon's setup (${answer.hold.code}), not deleted: ${answer.body}. ` +
          `SQS shows it again after ${visibility}s and, after the maxReceiveCount of ${queueUrl}'s ` +
          `RedrivePolicy, moves it to the dead-letter queue; redrive it from there once fixed. To fix: ${answer.hold.fix}.`,
      );
      settled({ messageId, receiveCount, result: "held", reason: answer.hold.code });
      return { result: "held", visibilityExtensions };
    }
    const rejected = answer.status >= 400 && answer.status < 500;
    if (rejected || receiveCount >= maxReceives) {
      const reason = rejected ? "rejected" : "max_receives";
      report(reason);
      settled({ messageId, receiveCount, result: "poisoned", reason });
      await remove(receiptHandle, messageId);
      return { result: "poisoned", visibilityExtensions };
    }
    logger.warn(
      { ...base, detail: answer.body, ms },
      `SQS message not handled; left on the queue for redelivery after ${visibility}s`,
    );
    settled({ messageId, receiveCount, result: "retried", reason: answer.outcome });
    return { result: "retried", visibilityExtensions };
  };
}
