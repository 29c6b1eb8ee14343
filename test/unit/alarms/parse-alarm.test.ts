import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import { AlarmParseError } from "../../../src/alarms/errors.js";
import { parseAlarm } from "../../../src/alarms/parse-alarm.js";
import { alarmFixtureText, loadAlarmFixture } from "./alarm-fixtures.js";

function parsedOk(json: unknown, topicArn?: string): Alarm {
  const result = parseAlarm(json, topicArn === undefined ? {} : { topicArn });
  if (!result.ok) throw new Error(`expected an alarm, got: ${result.error.message}`);
  return result.value;
}

function refusal(json: unknown): AlarmParseError {
  const result = parseAlarm(json);
  if (result.ok) throw new Error(`expected a refusal, got alarm ${result.value.name}`);
  return result.error;
}

describe("parseAlarm shape detection", () => {
  it.each([
    ["cw-alarm-sns-http-INSUFFICIENT_DATA-from-ALARM-alerta.json", "sns", "notificationCountAlarm", "metric"],
    [
      "cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json",
      "sns",
      "EC2-CPU",
      "metric",
    ],
    [
      "cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-s3-alerta.json",
      "sns",
      "bucketbytesAlarm",
      "metric",
    ],
    [
      "cw-alarm-sns-lambda-anomaly-detection-OK-GreaterThanUpperThreshold-ohio.json",
      "sns",
      "vibe-nonprod-lb-dev-alb-latency",
      "anomaly",
    ],
    ["cw-alarm-sns-lambda-metric-math-ALARM-assertible.json", "sns", "Sample Metric Math Alert", "math"],
    [
      "cw-alarm-sns-lambda-threshold-ALARM-legacy2016-assertible.json",
      "sns",
      "awsrds-app-High-DB-Connections",
      "metric",
    ],
    [
      "cw-alarm-sns-lambda-threshold-OK-from-ALARM-logmetric-terraform-notify-slack.json",
      "sns",
      "DBMigrationRequired",
      "metric",
    ],
    [
      "eventbridge-cw-alarm-contributor-state-change-metrics-insights-awsdocs.json",
      "eventbridge",
      "DynamoDBInsightsAlarm",
      "math",
    ],
    [
      "eventbridge-cw-alarm-state-change-INSUFFICIENT_DATA-billing-real.json",
      "eventbridge",
      "BillingAlarm",
      "metric",
    ],
    [
      "eventbridge-cw-alarm-state-change-anomaly-detection-awsdocs.json",
      "eventbridge",
      "EC2 CPU Utilization Anomaly",
      "anomaly",
    ],
    [
      "eventbridge-cw-alarm-state-change-composite-actions-suppressed-awsdocs.json",
      "eventbridge",
      "ServiceAggregatedAlarm",
      "composite",
    ],
    [
      "eventbridge-cw-alarm-state-change-metric-math-awsdocs.json",
      "eventbridge",
      "TotalNetworkTrafficTooHigh",
      "math",
    ],
    [
      "eventbridge-cw-alarm-state-change-single-metric-awsdocs.json",
      "eventbridge",
      "ServerCpuTooHigh",
      "metric",
    ],
  ])("parses %s as a %s alarm named %j with a %s trigger", (fixture, source, name, kind) => {
    const { inner, topicArn } = loadAlarmFixture(fixture);

    const alarm = parsedOk(inner, topicArn);

    expect(alarm.source).toBe(source);
    expect(alarm.name).toBe(name);
    expect(alarm.trigger.kind).toBe(kind);
    expect(alarm.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
  });

  it("unwraps a whole SNS HTTP envelope and uses its TopicArn when the message has no AlarmArn", () => {
    const envelope = JSON.parse(
      alarmFixtureText("cw-alarm-sns-lambda-threshold-OK-from-ALARM-logmetric-terraform-notify-slack.json"),
    ).Records[0].Sns;

    const alarm = parsedOk(envelope);

    expect(alarm.source).toBe("sns");
    expect(alarm.name).toBe("DBMigrationRequired");
    expect(alarm.region).toBe("us-east-1");
  });

  it("accepts the alarm JSON as a string, as it sits in an SNS Message", () => {
    const text = JSON.parse(
      alarmFixtureText("cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-s3-alerta.json"),
    ).Message;

    const alarm = parsedOk(text);

    expect(alarm.name).toBe("bucketbytesAlarm");
    expect(alarm.trigger.kind).toBe("metric");
  });

  it("parses an EventBridge event delivered inside an SNS Message as an eventbridge alarm", () => {
    const event = loadAlarmFixture("eventbridge-cw-alarm-state-change-single-metric-awsdocs.json").inner;
    const envelope = {
      Type: "Notification",
      MessageId: "m-1",
      TopicArn: "arn:aws:sns:us-east-1:123456789012:alarms",
      Message: JSON.stringify(event),
    };

    const alarm = parsedOk(envelope);

    expect(alarm).toMatchObject({
      source: "eventbridge",
      name: "ServerCpuTooHigh",
      arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh",
      state: "ALARM",
    });
  });

  it("parses a bare EventBridge detail (alarmName, state) as an eventbridge alarm", () => {
    const event = loadAlarmFixture("eventbridge-cw-alarm-state-change-single-metric-awsdocs.json").inner as {
      detail: unknown;
    };

    const alarm = parsedOk(event.detail);

    expect(alarm.source).toBe("eventbridge");
    expect(alarm.name).toBe("ServerCpuTooHigh");
    expect(alarm.trigger.kind).toBe("metric");
  });
});

describe("parseAlarm refusals", () => {
  it("refuses the plain-text SNS-to-SQS test message, quoting it and saying what was expected", () => {
    const error = refusal(JSON.parse(alarmFixtureText("sns-to-sqs-body-raw-delivery-disabled-awsdocs.json")));

    expect(error).toBeInstanceOf(AlarmParseError);
    expect(error.code).toBe("alarm_unparseable");
    expect(error.message).toContain('"This is a test message."');
    expect(error.message).toContain("expected a CloudWatch alarm");
  });

  it.each([
    [null, "null"],
    [42, "a number"],
    [[{ AlarmName: "x" }], "a JSON array"],
    ["not json", "not a JSON object"],
  ])("refuses %j, saying it is %s", (input, description) => {
    const error = refusal(input);

    expect(error.message).toContain(description);
    expect(error.message).toContain("AlarmName");
  });

  it("refuses an object that names no alarm", () => {
    const error = refusal({ hello: "world" });

    expect(error.message).toContain("no alarm name");
    expect(error.message).toContain("CloudWatch Alarm State Change");
  });

  it("never throws, whatever JSON it is given", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseAlarm(value);
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });

  it("always parses an object that carries a non-empty AlarmName, whatever else it holds", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (name, rest, trigger) => {
          const result = parseAlarm({ ...rest, Trigger: trigger, AlarmName: name });
          expect(result.ok && result.value.name).toBe(name);
        },
      ),
      { numRuns: 300 },
    );
  });
});
