import { afterEach, describe, expect, it } from "vitest";
import { buildSignedNotification } from "../fakes/sns-signer.js";
import { BASE_CONFIG, type Harness, startHarness, TOPIC_ARN } from "../support/harness.js";

const ALARM = {
  AlarmName: "web-5xx",
  AlarmArn: "arn:aws:cloudwatch:us-east-2:123456789012:alarm:web-5xx",
  NewStateValue: "ALARM",
  OldStateValue: "OK",
  NewStateReason: "Threshold Crossed",
  StateChangeTime: "2026-11-20T10:00:00.000+0000",
  Region: "US East (Ohio)",
  AWSAccountId: "123456789012",
  Trigger: { MetricName: "HTTPCode_Target_5XX_Count", Namespace: "AWS/ApplicationELB" },
};
const forgedCertUrl = (n: number) =>
  `https://sns.us-east-2.amazonaws.com/SimpleNotificationService-${n.toString(16).padStart(32, "0")}.pem`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("SNS over HTTP: forged messages and signature-version policy", () => {
  it("downloads at most 10 certificates a minute however many forged messages name an allowed topic", async () => {
    h = await startHarness();
    const statuses: number[] = [];

    for (let n = 0; n < 40; n++) {
      const forged = buildSignedNotification({
        topicArn: TOPIC_ARN,
        message: ALARM,
        certUrl: forgedCertUrl(n),
      });
      statuses.push((await h.postSns({ ...forged, Message: forged.Message.replace("web-5xx", "x") })).status);
    }

    expect(h.certFetches()).toBe(10);
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 503)).toBe(true);
    expect(await h.bot.store.pendingOutboxCount()).toBe(0);
  });

  it("refuses a SHA-1 (SignatureVersion 1) message with a clear 403 once sns.minSignatureVersion is 2", async () => {
    h = await startHarness({ config: BASE_CONFIG.replace("sns:\n", "sns:\n  minSignatureVersion: 2\n") });

    const sha1 = await h.postSns(
      buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, signatureVersion: "1" }),
    );
    const sha256 = await h.postSns(
      buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, signatureVersion: "2" }),
    );

    expect(sha1.status).toBe(403);
    expect(sha1.text).toContain("sns.minSignatureVersion is 2");
    expect(sha1.text).toContain("set the topic attribute SignatureVersion to 2");
    expect(sha256.status).toBe(200);
    expect(h.certFetches()).toBe(1);
  });

  it("accepts SignatureVersion 1 by default", async () => {
    h = await startHarness();

    const sha1 = await h.postSns(
      buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, signatureVersion: "1" }),
    );

    expect(sha1.status).toBe(200);
  });
});
