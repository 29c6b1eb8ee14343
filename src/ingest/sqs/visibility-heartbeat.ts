import { ChangeMessageVisibilityCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "../../shared/logger.js";

/** A running visibility extender for one message; `stop` waits for an extension already on the wire. */
export interface VisibilityHeartbeat {
  stop(): Promise<void>;
  /** How many extensions SQS accepted. */
  extensions(): number;
}

/**
 * Keeps a message hidden while it is being handled: every half visibility timeout it resets the message's
 * visibility to the full timeout, so slow work (a store under load) is not redelivered to another consumer and
 * handled twice. A failed extension is only logged: at worst the message is redelivered and deduplicated.
 */
export function startVisibilityHeartbeat(
  deps: { readonly sqs: { send: SQSClient["send"] }; readonly logger: Logger },
  target: { readonly queueUrl: string; readonly receiptHandle: string; readonly messageId: string },
  visibilityTimeoutSeconds: number,
): VisibilityHeartbeat {
  let pending: Promise<void> = Promise.resolve();
  let count = 0;
  const extend = async () => {
    try {
      await deps.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: target.queueUrl,
          ReceiptHandle: target.receiptHandle,
          VisibilityTimeout: visibilityTimeoutSeconds,
        }),
      );
      count += 1;
    } catch (error) {
      deps.logger.warn(
        { err: error, messageId: target.messageId },
        "could not extend the SQS visibility timeout of a message still being handled; it may be redelivered " +
          "(deduplicated). Check sqs:ChangeMessageVisibility on the queue.",
      );
    }
  };
  const timer = setInterval(
    () => {
      pending = pending.then(extend);
    },
    Math.max(1, (visibilityTimeoutSeconds * 1000) / 2),
  );
  return {
    async stop() {
      clearInterval(timer);
      await pending;
    },
    extensions: () => count,
  };
}
