import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SnsMessage } from "../../../../src/ingest/sns/sns-envelope.js";
import { parseSnsEnvelopeValue } from "../../../../src/ingest/sns/sns-envelope.js";
import { snsSignatureAlgorithm, snsStringToSign } from "../../../../src/ingest/sns/sns-string-to-sign.js";

function load(name: string, docs = false): SnsMessage {
  const json = JSON.parse(readFileSync(new URL(`../../../fixtures/sns/${name}`, import.meta.url), "utf8"));
  const result = parseSnsEnvelopeValue(docs ? json.body : json);
  if (!result.ok) throw result.error;
  return result.value;
}

describe("snsStringToSign", () => {
  it("signs Message, MessageId, Timestamp, TopicArn and Type of a Notification without a Subject", () => {
    const message = load("sns-http-notification-sigv1-real-signed.json");
    expect(snsStringToSign(message)).toBe(
      "Message\nHello world\nMessageId\n792cda85-518f-5dd3-9163-81d851212f3a\n" +
        "Timestamp\n2022-07-28T21:23:58.317Z\n" +
        "TopicArn\narn:aws:sns:us-east-2:295079676684:publish-and-verify-892f85fe-4836-424d-8188-ab85bef0f362\n" +
        "Type\nNotification\n",
    );
  });

  it("puts Subject between MessageId and Timestamp when present", () => {
    const text = snsStringToSign(load("sns-http-notification-with-subject-sigv1-real-signed.json"));
    expect(text).toContain(
      "MessageId\n11405cc3-9ac7-56d5-b45d-079e8f7a8edf\nSubject\nHello world\nTimestamp\n",
    );
  });

  it("leaves the unsigned UnsubscribeURL out of a Notification", () => {
    expect(snsStringToSign(load("sns-http-notification-sigv1-real-signed.json"))).not.toContain(
      "Unsubscribe",
    );
  });

  it("signs SubscribeURL and Token of a confirmation in byte order, with the decoded newline of Message", () => {
    const text = snsStringToSign(load("sns-http-subscription-confirmation-awsdocs.json", true));
    const message = load("sns-http-subscription-confirmation-awsdocs.json", true);
    const expected = [
      ["Message", message.Message],
      ["MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b"],
      ["SubscribeURL", message.Type === "SubscriptionConfirmation" ? message.SubscribeURL : ""],
      ["Timestamp", "2012-04-26T20:45:04.751Z"],
      ["Token", "2336412f37..."],
      ["TopicArn", "arn:aws:sns:us-west-2:123456789012:MyTopic"],
      ["Type", "SubscriptionConfirmation"],
    ];
    expect(text).toBe(expected.map(([k, v]) => `${k}\n${v}\n`).join(""));
    expect(text).toContain("MyTopic.\nTo confirm the subscription");
  });

  it("signs an UnsubscribeConfirmation with the confirmation key list, including Token", () => {
    const text = snsStringToSign(load("sns-http-unsubscribe-confirmation-awsdocs.json", true));
    expect(text).toContain("Token\n2336412f37...\nTopicArn\n");
    expect(text.endsWith("Type\nUnsubscribeConfirmation\n")).toBe(true);
  });
});

describe("snsSignatureAlgorithm", () => {
  it.each([
    ["1", "RSA-SHA1"],
    ["2", "RSA-SHA256"],
    ["3", undefined],
    ["", undefined],
    [" 1", undefined],
    ["01", undefined],
    ["constructor", undefined],
  ])("maps SignatureVersion %j to %s", (version, algorithm) => {
    expect(snsSignatureAlgorithm(version)).toBe(algorithm);
  });
});
