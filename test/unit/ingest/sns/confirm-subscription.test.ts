import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmSubscription } from "../../../../src/ingest/sns/confirm-subscription.js";
import { type FakeSnsServer, startFakeSnsServer } from "../../../fakes/fake-sns-server.js";
import {
  buildSignedNotification,
  buildSignedSubscriptionConfirmation,
  buildSignedUnsubscribeConfirmation,
} from "../../../fakes/sns-signer.js";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:klaxon-alarms";
let fake: FakeSnsServer;
const regions: string[] = [];

beforeAll(async () => {
  fake = await startFakeSnsServer();
});

afterAll(async () => {
  await fake.close();
});

function deps() {
  return {
    snsForRegion: (region: string) => {
      regions.push(region);
      return new SNSClient({
        region,
        endpoint: fake.url,
        credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" },
        maxAttempts: 1,
      });
    },
  };
}

describe("confirmSubscription", () => {
  it("calls ConfirmSubscription with TopicArn and Token in the topic's region and returns the SubscriptionArn", async () => {
    const before = fake.confirmations().length;
    const message = buildSignedSubscriptionConfirmation({ topicArn: TOPIC, token: "tok-123" });
    const result = await confirmSubscription(deps(), message);
    expect(result.ok && result.value.startsWith(`${TOPIC}:`)).toBe(true);
    expect(fake.confirmations().slice(before)).toEqual([{ topicArn: TOPIC, token: "tok-123" }]);
    expect(regions.at(-1)).toBe("eu-west-1");
  });

  it("never requests the SubscribeURL, even when it points at a reachable server", async () => {
    const subscribeUrl = `${fake.url}/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=t`;
    const message = buildSignedSubscriptionConfirmation({ topicArn: TOPIC, token: "t", subscribeUrl });
    const result = await confirmSubscription(deps(), message);
    expect(result.ok).toBe(true);
    expect(fake.requests().filter((r) => r.method === "GET")).toEqual([]);
    expect(fake.certRequests()).toBe(0);
  });

  it("reports an SNS API error as retryable sns_confirm_failed naming the topic", async () => {
    fake.failConfirmationsWith("InvalidParameter");
    try {
      const result = await confirmSubscription(
        deps(),
        buildSignedSubscriptionConfirmation({ topicArn: TOPIC }),
      );
      expect(result.ok ? undefined : result.error).toMatchObject({
        code: "sns_confirm_failed",
        retryable: true,
      });
      expect(result.ok ? "" : result.error.message).toContain(TOPIC);
      expect(result.ok ? "" : result.error.message).toContain("InvalidParameter");
    } finally {
      fake.failConfirmationsWith(undefined);
    }
  });

  it.each([
    ["UnsubscribeConfirmation", () => buildSignedUnsubscribeConfirmation({ topicArn: TOPIC })],
    ["Notification", () => buildSignedNotification({ topicArn: TOPIC, message: "m" })],
  ])("refuses to confirm a %s and makes no API call", async (_type, build) => {
    const before = fake.confirmations().length;
    const result = await confirmSubscription(deps(), build());
    expect(result.ok ? undefined : result.error.code).toBe("sns_bad_envelope");
    expect(fake.confirmations().length).toBe(before);
  });
});
