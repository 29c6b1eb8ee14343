import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifySqsBody, rawDedupeKey } from "../../../../src/ingest/sqs/sqs-body.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/alarms/${name}`, import.meta.url), "utf8");

const SNS_BODY = fixture("sns-to-sqs-body-raw-delivery-disabled-awsdocs.json");
const EVENT_BODY = fixture("eventbridge-cw-alarm-state-change-single-metric-awsdocs.json");
// The alarm JSON as SNS puts it in `Message`: what SQS holds when raw message delivery is on.
const RAW_ALARM_BODY = (
  JSON.parse(
    fixture("cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json"),
  ) as { Message: string }
).Message;

describe("classifySqsBody", () => {
  it("classes the real SNS→SQS body (raw delivery off) as sns", () => {
    expect(classifySqsBody(SNS_BODY)).toBe("sns");
  });

  it("classes an EventBridge event and a bare CloudWatch alarm JSON as raw", () => {
    expect(classifySqsBody(EVENT_BODY)).toBe("raw");
    expect(classifySqsBody(RAW_ALARM_BODY)).toBe("raw");
  });

  it("classes non-JSON, arrays and objects that only look partly like an envelope as raw", () => {
    expect(classifySqsBody("This is a test message.")).toBe("raw");
    expect(classifySqsBody("[1,2]")).toBe("raw");
    expect(classifySqsBody('{"Type":"Notification","Message":"m"}')).toBe("raw");
    expect(classifySqsBody('{"Type":"Alarm","TopicArn":"arn:aws:sns:us-east-1:1:t","Message":"m"}')).toBe(
      "raw",
    );
  });

  it("classes an envelope without Signature as sns, so the SNS path refuses it instead of trusting it", () => {
    const unsigned = JSON.parse(SNS_BODY) as Record<string, unknown>;
    delete unsigned.Signature;

    expect(classifySqsBody(JSON.stringify(unsigned))).toBe("sns");
  });
});

describe("rawDedupeKey", () => {
  it("uses the EventBridge event id, so two copies of one event share a key", () => {
    expect(rawDedupeKey(EVENT_BODY, "sqs-1")).toBe("c4c1c1c9-6542-e61b-6ef0-8c4d36933a92");
    expect(rawDedupeKey(EVENT_BODY, "sqs-2")).toBe(rawDedupeKey(EVENT_BODY, "sqs-1"));
  });

  it("uses alarm ARN, new state and state-change time for a bare CloudWatch alarm notification", () => {
    const key = rawDedupeKey(RAW_ALARM_BODY, "sqs-1");

    expect(key).toMatch(/^cw:arn:aws:cloudwatch:ap-northeast-2:257706363616:alarm:EC2-CPU:ALARM:/);
    expect(rawDedupeKey(RAW_ALARM_BODY, "sqs-2")).toBe(key);
  });

  it("falls back to the SQS MessageId for anything else", () => {
    expect(rawDedupeKey("not json", "sqs-9")).toBe("sqs-9");
    expect(rawDedupeKey('{"AlarmName":"x"}', "sqs-8")).toBe("sqs-8");
  });
});
