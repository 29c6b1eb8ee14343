import { z } from "zod";
import { err, ok, type Result } from "../../shared/result.js";
import { SnsVerificationError } from "./errors.js";
import { parseSnsTopicArn } from "./sns-topic-arn.js";

const nonEmpty = (what: string) => z.string({ error: `expected ${what}` }).min(1, `expected ${what}, got ""`);

// Unknown extra keys are tolerated (and dropped): they are not signed, and AWS has added envelope fields before
// without notice; refusing them would answer 4xx and lose alarms, because SNS does not retry a 4xx.
const common = {
  MessageId: nonEmpty("the SNS message id (a UUID)"),
  TopicArn: z
    .string({ error: "expected a string" })
    .refine(
      (arn) => parseSnsTopicArn(arn) !== undefined,
      "expected an SNS topic ARN like arn:aws:sns:<region>:<account>:<name>",
    ),
  Message: z.string({ error: "expected a string" }),
  Timestamp: z.iso.datetime({ error: "expected an ISO-8601 UTC timestamp like 2024-01-01T00:00:00.000Z" }),
  SignatureVersion: nonEmpty('"1" or "2" as a string'),
  // Its encoding is checked by the verifier, so a mangled signature is refused as forged, not as malformed.
  Signature: nonEmpty("a base64 signature"),
  SigningCertURL: nonEmpty("the signing certificate URL"),
};

const NotificationSchema = z.object({
  Type: z.literal("Notification"),
  ...common,
  Subject: z.string({ error: "expected a string when present" }).optional(),
  UnsubscribeURL: z.string({ error: "expected a string when present" }).optional(),
  MessageAttributes: z
    .record(z.string(), z.object({ Type: z.string(), Value: z.string() }), {
      error: "expected an object of {Type, Value} attributes",
    })
    .optional(),
});

const confirmation = {
  ...common,
  Token: nonEmpty("the confirmation token"),
  SubscribeURL: nonEmpty("the subscribe URL"),
};
const SubscriptionConfirmationSchema = z.object({
  Type: z.literal("SubscriptionConfirmation"),
  ...confirmation,
});
const UnsubscribeConfirmationSchema = z.object({
  Type: z.literal("UnsubscribeConfirmation"),
  ...confirmation,
});

/** An SNS `Notification` envelope; `Message` is the published text (for alarms, a JSON string). */
export type SnsNotification = z.infer<typeof NotificationSchema>;
/** The first message of a new subscription; confirmed with `ConfirmSubscription(TopicArn, Token)`. */
export type SnsSubscriptionConfirmation = z.infer<typeof SubscriptionConfirmationSchema>;
/** Sent when the subscription is removed; its SubscribeURL would re-subscribe, so it is never followed. */
export type SnsUnsubscribeConfirmation = z.infer<typeof UnsubscribeConfirmationSchema>;
/** Any SNS HTTP/S envelope, discriminated by `Type`. */
export type SnsMessage = SnsNotification | SnsSubscriptionConfirmation | SnsUnsubscribeConfirmation;
/** The three envelope types SNS sends to HTTP/S endpoints. */
export type SnsMessageType = SnsMessage["Type"];

const SCHEMAS = {
  Notification: NotificationSchema,
  SubscriptionConfirmation: SubscriptionConfirmationSchema,
  UnsubscribeConfirmation: UnsubscribeConfirmationSchema,
} as const;

const isMessageType = (value: unknown): value is SnsMessageType =>
  typeof value === "string" && Object.hasOwn(SCHEMAS, value);

const bad = (message: string, cause?: unknown) =>
  err(new SnsVerificationError("sns_bad_envelope", message, cause === undefined ? {} : { cause }));

/**
 * Parses the raw HTTP body of an SNS delivery into a typed envelope. Refuses non-JSON (`sns_bad_json`) and any
 * envelope whose `Type` is not one SNS sends or whose fields have the wrong shape (`sns_bad_envelope`), naming
 * every offending field so the operator can tell a misconfigured sender (e.g. raw message delivery switched on,
 * which strips the envelope and the signature) from a forgery.
 */
export function parseSnsEnvelope(body: string): Result<SnsMessage, SnsVerificationError> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    return err(
      new SnsVerificationError(
        "sns_bad_json",
        "SNS body is not JSON; check that raw message delivery is off for this HTTP subscription",
        { cause },
      ),
    );
  }
  return parseSnsEnvelopeValue(json);
}

/**
 * Validates an already-decoded SNS envelope (e.g. the body of an SQS message from an SNS subscription with raw
 * delivery off) the same way {@link parseSnsEnvelope} does.
 */
export function parseSnsEnvelopeValue(json: unknown): Result<SnsMessage, SnsVerificationError> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return bad("SNS body must be a JSON object (the SNS envelope); check that raw message delivery is off");
  }
  const type: unknown = Reflect.get(json, "Type");
  if (!isMessageType(type)) {
    const got = type === undefined ? "it is missing" : `got ${JSON.stringify(type)}`;
    return bad(
      `SNS envelope field Type must be Notification, SubscriptionConfirmation or UnsubscribeConfirmation; ${got}`,
    );
  }
  const parsed = SCHEMAS[type].safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    const top = issue.path[0];
    const missing = issue.path.length === 1 && typeof top === "string" && !Object.hasOwn(json, top);
    return missing ? `missing required field ${field}` : `field ${field}: ${issue.message}`;
  });
  return bad(`SNS ${type} envelope is invalid: ${problems.join("; ")}`, parsed.error);
}
