import { createSign, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type {
  SnsNotification,
  SnsSubscriptionConfirmation,
  SnsUnsubscribeConfirmation,
} from "../../src/ingest/sns/sns-envelope.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/sns/${name}`, import.meta.url), "utf8");

/** The committed throw-away signing key (RSA 2048) and its self-signed cert (CN=sns.amazonaws.com, 2020–2120). */
export const TEST_SIGNING_KEY_PEM = fixture("test-signing-key.pem");
export const TEST_SIGNING_CERT_PEM = fixture("test-signing-cert.pem");
/** The path the fakes serve the test cert at; it has the pinned `/SimpleNotificationService-<32 hex>.pem` form. */
export const TEST_CERT_PATH = "/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";

/** A certificate URL that passes the pinned check for a topic in `region` (the cert is served by a fake). */
export function testCertUrl(region = "us-east-1"): string {
  return `https://sns.${region}.amazonaws.com${TEST_CERT_PATH}`;
}

type Unsigned<T> = Omit<T, "Signature" | "SignatureVersion" | "SigningCertURL">;
/** Any SNS envelope before signing. */
export type UnsignedSnsFields =
  | Unsigned<SnsNotification>
  | Unsigned<SnsSubscriptionConfirmation>
  | Unsigned<SnsUnsubscribeConfirmation>;

export interface SignOptions {
  /** `"1"` (RSA-SHA1) or `"2"` (RSA-SHA256); any other value is written as-is and signed with SHA256. */
  readonly signatureVersion?: string;
  readonly certUrl?: string;
  readonly privateKeyPem?: string;
}

// Written independently of src/ingest/sns/sns-string-to-sign.ts so a bug there cannot hide in a matching bug here.
function canonical(fields: UnsignedSnsFields): string {
  const keys =
    fields.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const record = fields as unknown as Record<string, unknown>;
  return keys
    .filter((k) => typeof record[k] === "string")
    .map((k) => `${k}\n${String(record[k])}\n`)
    .join("");
}

/**
 * Signs SNS envelope fields the way SNS does, with the committed test key, and returns the envelope with
 * `SignatureVersion`, `Signature` and `SigningCertURL` added. Default: version "2", the pinned-form test URL for
 * the TopicArn's region.
 */
export function signSnsMessage<T extends UnsignedSnsFields>(
  fields: T,
  options: SignOptions = {},
): T & { SignatureVersion: string; Signature: string; SigningCertURL: string } {
  const version = options.signatureVersion ?? "2";
  const signer = createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256");
  signer.update(canonical(fields), "utf8");
  const Signature = signer.sign(options.privateKeyPem ?? TEST_SIGNING_KEY_PEM, "base64");
  const region = fields.TopicArn.split(":")[3] ?? "us-east-1";
  return {
    ...fields,
    SignatureVersion: version,
    Signature,
    SigningCertURL: options.certUrl ?? testCertUrl(region),
  };
}

interface Common extends SignOptions {
  readonly topicArn: string;
  readonly messageId?: string;
  readonly timestamp?: Date | string;
}

const iso = (t: Date | string | undefined) =>
  t instanceof Date ? t.toISOString() : (t ?? new Date().toISOString());

/** A signed Notification carrying `message` (an alarm object is JSON-encoded, as CloudWatch does). */
export function buildSignedNotification(
  input: Common & { readonly message: string | object; readonly subject?: string },
): SnsNotification {
  const unsigned: Unsigned<SnsNotification> = {
    Type: "Notification",
    MessageId: input.messageId ?? randomUUID(),
    TopicArn: input.topicArn,
    Message: typeof input.message === "string" ? input.message : JSON.stringify(input.message),
    Timestamp: iso(input.timestamp),
    ...(input.subject === undefined ? {} : { Subject: input.subject }),
    UnsubscribeURL: `https://sns.${input.topicArn.split(":")[3] ?? "us-east-1"}.amazonaws.com/?Action=Unsubscribe`,
  };
  return signSnsMessage(unsigned, input);
}

interface ConfirmationInput extends Common {
  readonly token?: string;
  readonly subscribeUrl?: string;
}

function confirmationFields(input: ConfirmationInput) {
  const token = input.token ?? "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f7cc5b8a9f1e3c0d1e2";
  const region = input.topicArn.split(":")[3] ?? "us-east-1";
  return {
    MessageId: input.messageId ?? randomUUID(),
    Token: token,
    TopicArn: input.topicArn,
    SubscribeURL:
      input.subscribeUrl ??
      `https://sns.${region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${input.topicArn}&Token=${token}`,
    Timestamp: iso(input.timestamp),
  };
}

/** A signed SubscriptionConfirmation for `topicArn`, with SNS's standard message text. */
export function buildSignedSubscriptionConfirmation(input: ConfirmationInput): SnsSubscriptionConfirmation {
  return signSnsMessage(
    {
      Type: "SubscriptionConfirmation",
      Message: `You have chosen to subscribe to the topic ${input.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      ...confirmationFields(input),
    },
    input,
  );
}

/** A signed UnsubscribeConfirmation for `topicArn`. */
export function buildSignedUnsubscribeConfirmation(input: ConfirmationInput): SnsUnsubscribeConfirmation {
  return signSnsMessage(
    {
      Type: "UnsubscribeConfirmation",
      Message: `You have chosen to deactivate subscription ${input.topicArn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`,
      ...confirmationFields(input),
    },
    input,
  );
}
