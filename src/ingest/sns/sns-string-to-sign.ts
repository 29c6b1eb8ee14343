import type { SnsMessage } from "./sns-envelope.js";

/** The Node `crypto` algorithm each SNS `SignatureVersion` stands for. */
export type SnsSignatureAlgorithm = "RSA-SHA1" | "RSA-SHA256";

const ALGORITHMS: Readonly<Record<string, SnsSignatureAlgorithm>> = { "1": "RSA-SHA1", "2": "RSA-SHA256" };

/**
 * Maps an SNS `SignatureVersion` to its algorithm: `"1"` is RSA-SHA1 (the topic default), `"2"` RSA-SHA256.
 * Anything else, including the number `1` or `" 1"`, yields `undefined` so the caller refuses the message
 * instead of guessing.
 */
export function snsSignatureAlgorithm(version: string): SnsSignatureAlgorithm | undefined {
  return Object.hasOwn(ALGORITHMS, version) ? ALGORITHMS[version] : undefined;
}

/**
 * Builds the exact byte string SNS signed: for each signed key in byte order, `Key\nValue\n`, using the
 * JSON-decoded values. Notifications sign Message, MessageId, Subject (only when present), Timestamp, TopicArn
 * and Type; both confirmation types sign Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn and Type.
 * Keys outside these lists (UnsubscribeURL, MessageAttributes) are not signed and must not be trusted.
 */
export function snsStringToSign(message: SnsMessage): string {
  const pairs: (readonly [string, string | undefined])[] =
    message.Type === "Notification"
      ? [
          ["Message", message.Message],
          ["MessageId", message.MessageId],
          ["Subject", message.Subject],
          ["Timestamp", message.Timestamp],
          ["TopicArn", message.TopicArn],
          ["Type", message.Type],
        ]
      : [
          ["Message", message.Message],
          ["MessageId", message.MessageId],
          ["SubscribeURL", message.SubscribeURL],
          ["Timestamp", message.Timestamp],
          ["Token", message.Token],
          ["TopicArn", message.TopicArn],
          ["Type", message.Type],
        ];
  let out = "";
  for (const [key, value] of pairs) {
    if (value !== undefined) out += `${key}\n${value}\n`;
  }
  return out;
}
