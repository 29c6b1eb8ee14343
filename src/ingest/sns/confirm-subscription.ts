import type { SNSClient } from "@aws-sdk/client-sns";
import { err, ok, type Result } from "../../shared/result.js";
import { SnsVerificationError } from "./errors.js";
import type { SnsMessage } from "./sns-envelope.js";
import { parseSnsTopicArn } from "./sns-topic-arn.js";

/** An SNS client for the topic's region, created by wiring (endpoint overrides and credentials live there). */
export interface ConfirmSubscriptionDeps {
  readonly snsForRegion: (region: string) => { send: SNSClient["send"] };
}

/**
 * Confirms a verified `SubscriptionConfirmation` by calling the SNS `ConfirmSubscription` API with its TopicArn
 * and Token, in the topic's own region, and returns the new SubscriptionArn. `SubscribeURL` is never fetched:
 * following a URL from a request body is the SSRF of CVE-2019-6715 and CVE-2026-32096. Other message types are
 * refused, since an UnsubscribeConfirmation's URL would silently re-subscribe. API failures are `retryable`.
 */
export async function confirmSubscription(
  deps: ConfirmSubscriptionDeps,
  message: SnsMessage,
): Promise<Result<string, SnsVerificationError>> {
  if (message.Type !== "SubscriptionConfirmation") {
    return err(
      new SnsVerificationError(
        "sns_bad_envelope",
        `only SubscriptionConfirmation messages are confirmed; got ${message.Type}`,
      ),
    );
  }
  const topic = parseSnsTopicArn(message.TopicArn);
  if (topic === undefined) {
    return err(
      new SnsVerificationError("sns_bad_envelope", `TopicArn ${message.TopicArn} is not an SNS topic ARN`),
    );
  }
  try {
    // Loaded on the first confirmation, not at start: subscriptions are confirmed once per topic.
    const { ConfirmSubscriptionCommand } = (await import("@aws-sdk/client-sns")).default;
    const output = await deps
      .snsForRegion(topic.region)
      .send(new ConfirmSubscriptionCommand({ TopicArn: message.TopicArn, Token: message.Token }));
    if (output.SubscriptionArn === undefined || output.SubscriptionArn === "") {
      throw new Error("ConfirmSubscription returned no SubscriptionArn");
    }
    return ok(output.SubscriptionArn);
  } catch (cause) {
    return err(
      new SnsVerificationError(
        "sns_confirm_failed",
        `could not confirm the SNS subscription to ${message.TopicArn}: ${errorText(cause)}. ` +
          "Check that klaxon's AWS credentials allow sns:ConfirmSubscription on this topic; SNS will resend.",
        { cause, retryable: true },
      ),
    );
  }
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
