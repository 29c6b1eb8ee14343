import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSnsEnvelope, parseSnsEnvelopeValue } from "../../../../src/ingest/sns/sns-envelope.js";

const fixtureText = (name: string) =>
  readFileSync(new URL(`../../../fixtures/sns/${name}`, import.meta.url), "utf8");
const docsBody = (name: string): Record<string, unknown> => JSON.parse(fixtureText(name)).body;
const realNotification = (): Record<string, unknown> =>
  JSON.parse(fixtureText("sns-http-notification-sigv1-real-signed.json"));

function rejection(body: string) {
  const result = parseSnsEnvelope(body);
  if (result.ok) throw new Error("expected the envelope to be refused");
  return result.error;
}

describe("parseSnsEnvelope", () => {
  it("parses a real signed Notification without a Subject", () => {
    const result = parseSnsEnvelope(fixtureText("sns-http-notification-sigv1-real-signed.json"));
    expect(result.ok && result.value).toMatchObject({
      Type: "Notification",
      MessageId: "792cda85-518f-5dd3-9163-81d851212f3a",
      Message: "Hello world",
      SignatureVersion: "1",
    });
    expect(result.ok && "Subject" in result.value).toBe(false);
  });

  it("keeps the Subject of a Notification that has one", () => {
    const result = parseSnsEnvelope(fixtureText("sns-http-notification-with-subject-sigv1-real-signed.json"));
    expect(result.ok && result.value.Type === "Notification" && result.value.Subject).toBe("Hello world");
  });

  it("parses the documented Notification, whose placeholder signature is left for the verifier to refuse", () => {
    const result = parseSnsEnvelopeValue(docsBody("sns-http-notification-awsdocs.json"));
    expect(result.ok && result.value).toMatchObject({
      Subject: "My First Message",
      Signature: "EXAMPLEw6JRN...",
    });
  });

  it("parses the documented SubscriptionConfirmation with its Token and SubscribeURL", () => {
    const result = parseSnsEnvelopeValue(docsBody("sns-http-subscription-confirmation-awsdocs.json"));
    expect(result.ok && result.value).toMatchObject({
      Type: "SubscriptionConfirmation",
      Token: "2336412f37...",
    });
  });

  it("parses the documented UnsubscribeConfirmation", () => {
    const result = parseSnsEnvelopeValue(docsBody("sns-http-unsubscribe-confirmation-awsdocs.json"));
    expect(result.ok && result.value.Type).toBe("UnsubscribeConfirmation");
  });

  it("drops unknown extra keys instead of refusing the message", () => {
    const result = parseSnsEnvelopeValue({ ...realNotification(), FutureField: "x" });
    expect(result.ok && "FutureField" in result.value).toBe(false);
    expect(result.ok).toBe(true);
  });

  it("refuses a body that is not JSON as sns_bad_json and mentions raw message delivery", () => {
    const error = rejection("Hello world");
    expect(error.code).toBe("sns_bad_json");
    expect(error.message).toContain("raw message delivery");
  });

  it.each([["[]"], ["null"], ['"text"'], ["42"]])("refuses the non-object JSON body %s", (body) => {
    expect(rejection(body).code).toBe("sns_bad_envelope");
  });

  it("names a missing or unknown Type", () => {
    const { Type: _type, ...noType } = realNotification();
    expect(rejection(JSON.stringify(noType)).message).toMatch(/field Type .* it is missing/);
    expect(rejection(JSON.stringify({ ...noType, Type: "Event" })).message).toContain('got "Event"');
  });

  it.each([
    ["MessageId"],
    ["TopicArn"],
    ["Message"],
    ["Timestamp"],
    ["SignatureVersion"],
    ["Signature"],
    ["SigningCertURL"],
  ])("names the missing required Notification field %s", (field) => {
    const body = realNotification();
    delete body[field];
    const error = rejection(JSON.stringify(body));
    expect(error.code).toBe("sns_bad_envelope");
    expect(error.message).toContain(`missing required field ${field}`);
  });

  it.each([["Token"], ["SubscribeURL"]])("names the missing confirmation field %s", (field) => {
    const body = docsBody("sns-http-subscription-confirmation-awsdocs.json");
    delete body[field];
    expect(rejection(JSON.stringify(body)).message).toContain(`missing required field ${field}`);
  });

  it.each([
    ["SignatureVersion", 1, "SignatureVersion"],
    ["Timestamp", "28 July 2022", "ISO-8601"],
    ["TopicArn", "arn:aws:s3:::bucket", "SNS topic ARN"],
    ["Subject", null, "Subject"],
    ["Message", { alarm: true }, "Message"],
    ["MessageId", "", "MessageId"],
  ])("names the invalid field %s = %j", (field, value, expected) => {
    const error = rejection(JSON.stringify({ ...realNotification(), [field]: value }));
    expect(error.message).toContain(`field ${field}`);
    expect(error.message).toContain(expected);
  });
});
