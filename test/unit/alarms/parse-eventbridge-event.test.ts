import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import {
  parseEventBridgeDetail,
  parseEventBridgeEvent,
} from "../../../src/alarms/parse-eventbridge-event.js";
import { loadAlarmFixture } from "./alarm-fixtures.js";

function eventOf(fixture: string): Record<string, unknown> {
  return loadAlarmFixture(fixture).inner as Record<string, unknown>;
}

function parsedFixture(fixture: string): Alarm {
  const result = parseEventBridgeEvent(eventOf(fixture));
  if (!result.ok) throw new Error(`expected an alarm, got: ${result.error.message}`);
  return result.value;
}

const muteDetail = {
  mutedByArn: "arn:aws:cloudwatch:us-east-1:1234567890:alarm-mute-rule:testMute",
  muteWindowStart: "2026-01-01T10:00:00.000+0000",
  muteWindowEnd: "2026-01-01T12:00:00.000+0000",
};

describe("parseEventBridgeEvent on CloudWatch Alarm State Change events", () => {
  it("reads a single-metric alarm, recovering comparison and threshold from the reason and reasonData", () => {
    const alarm = parsedFixture("eventbridge-cw-alarm-state-change-single-metric-awsdocs.json");

    expect(alarm).toMatchObject({
      source: "eventbridge",
      name: "ServerCpuTooHigh",
      arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh",
      accountId: "123456789012",
      region: "us-east-1",
      partition: "aws",
      description: "Goes into alarm when server CPU utilization is too high!",
      state: "ALARM",
      previousState: "OK",
      time: "2019-10-02T17:04:40.989Z",
      unparsed: { muteDetail },
    });
    expect(alarm.reason).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[99\.50160229693434/);
    expect(JSON.parse(alarm.reasonData ?? "{}")).toMatchObject({ threshold: 50, statistic: "Average" });
    expect(alarm.trigger).toEqual({
      kind: "metric",
      metric: {
        namespace: "AWS/EC2",
        name: "CPUUtilization",
        dimensions: { InstanceId: "i-12345678901234567" },
        stat: "Average",
        period: 300,
      },
      comparison: "GreaterThanThreshold",
      threshold: 50,
      period: 300,
    });
  });

  it("reads a metric-math alarm with its expression and metricStat queries", () => {
    const alarm = parsedFixture("eventbridge-cw-alarm-state-change-metric-math-awsdocs.json");

    expect(alarm).toMatchObject({
      name: "TotalNetworkTrafficTooHigh",
      state: "ALARM",
      previousState: "INSUFFICIENT_DATA",
      time: "2019-10-02T17:20:48.554Z",
      description: "Goes into alarm if total network traffic exceeds 10Kb",
    });
    expect(alarm.trigger).toEqual({
      kind: "math",
      metrics: [
        { id: "e1", expression: "SUM(METRICS())", label: "Total Network Traffic", returnData: true },
        {
          id: "m1",
          returnData: false,
          metric: {
            namespace: "AWS/EC2",
            name: "NetworkIn",
            dimensions: { InstanceId: "i-12345678901234567" },
            stat: "Maximum",
            period: 300,
          },
        },
        {
          id: "m2",
          returnData: false,
          metric: {
            namespace: "AWS/EC2",
            name: "NetworkOut",
            dimensions: { InstanceId: "i-12345678901234567" },
            stat: "Maximum",
            period: 300,
          },
        },
      ],
      comparison: "GreaterThanThreshold",
      threshold: 10000,
      period: 300,
    });
  });

  it("reads an anomaly alarm: band id and expression, two-sided comparison, name with spaces", () => {
    const alarm = parsedFixture("eventbridge-cw-alarm-state-change-anomaly-detection-awsdocs.json");

    expect(alarm.name).toBe("EC2 CPU Utilization Anomaly");
    expect(alarm.arn).toBe("arn:aws:cloudwatch:us-east-1:123456789012:alarm:EC2 CPU Utilization Anomaly");
    expect(alarm.trigger).toEqual({
      kind: "anomaly",
      bandId: "ad1",
      metrics: [
        {
          id: "m1",
          returnData: true,
          metric: {
            namespace: "AWS/EC2",
            name: "CPUUtilization",
            dimensions: { InstanceId: "i-12345678901234567" },
            stat: "Average",
            period: 60,
          },
        },
        {
          id: "ad1",
          expression: "ANOMALY_DETECTION_BAND(m1, 0.8)",
          label: "CPUUtilization (expected)",
          returnData: true,
        },
      ],
      comparison: "LessThanLowerOrGreaterThanUpperThreshold",
      period: 60,
    });
  });

  it("reads a composite alarm with actions suppressed: rule, triggering child with state, other children", () => {
    const alarm = parsedFixture(
      "eventbridge-cw-alarm-state-change-composite-actions-suppressed-awsdocs.json",
    );

    expect(alarm).toMatchObject({
      name: "ServiceAggregatedAlarm",
      state: "ALARM",
      previousState: "OK",
      time: "2022-07-22T15:57:45.394Z",
    });
    expect(alarm.trigger).toEqual({
      kind: "composite",
      rule: "ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)",
      children: [
        {
          name: "ServerCpuTooHigh",
          arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh",
          state: "ALARM",
        },
        { name: "TotalNetworkTrafficTooHigh" },
      ],
      actionsSuppressedBy: "WaitPeriod",
      actionsSuppressedReason: "Actions suppressed by WaitPeriod",
    });
    expect(alarm.unparsed).toEqual({
      muteDetail,
      configuration: {
        actionsSuppressor: "ServiceMaintenanceAlarm",
        actionsSuppressorWaitPeriod: 120,
        actionsSuppressorExtensionPeriod: 180,
      },
    });
  });

  it("reads a real INSUFFICIENT_DATA billing event with a redacted account and no comparison to recover", () => {
    const alarm = parsedFixture("eventbridge-cw-alarm-state-change-INSUFFICIENT_DATA-billing-real.json");

    expect(alarm).toMatchObject({
      name: "BillingAlarm",
      accountId: "XXXXXXX",
      region: "us-east-1",
      state: "INSUFFICIENT_DATA",
      previousState: "ALARM",
      reason: "Insufficient Data: 5 datapoints were unknown.",
      time: "2021-10-14T14:49:54.788Z",
    });
    expect(alarm.trigger).toEqual({
      kind: "metric",
      metric: {
        namespace: "AWS/Billing",
        name: "EstimatedCharges",
        dimensions: {},
        stat: "Maximum",
        period: 300,
      },
      threshold: 10,
      period: 300,
    });
    expect(alarm.unparsed).toBeUndefined();
  });

  it("reads a Metrics Insights contributor event: the SELECT query, the contributor, threshold from the reason", () => {
    const alarm = parsedFixture(
      "eventbridge-cw-alarm-contributor-state-change-metrics-insights-awsdocs.json",
    );

    expect(alarm).toMatchObject({
      name: "DynamoDBInsightsAlarm",
      state: "ALARM",
      time: "2025-12-01T13:42:04.919Z",
      description: "Metrics Insights alarm for DynamoDB ConsumedWriteCapacity per TableName",
      contributor: { id: "6d442278dba546f6", attributes: { TableName: "example-dynamodb-table-name" } },
      unparsed: { muteDetail },
    });
    expect(alarm.previousState).toBeUndefined();
    expect(alarm.trigger).toEqual({
      kind: "math",
      metrics: [
        {
          id: "m1",
          expression:
            'SELECT AVG(ConsumedWriteCapacityUnits) FROM "AWS/DynamoDB" GROUP BY TableName ORDER BY MAX() DESC',
          returnData: true,
        },
      ],
      comparison: "LessThanThreshold",
      threshold: 1,
      period: 60,
    });
  });
});

describe("parseEventBridgeEvent refusals and partial events", () => {
  it("refuses a configuration-change event, naming the detail-type it expected", () => {
    const result = parseEventBridgeEvent({
      "detail-type": "CloudWatch Alarm Configuration Change",
      detail: { alarmName: "x", operation: "update" },
    });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain('"CloudWatch Alarm State Change"');
  });

  it("refuses an event without detail", () => {
    const result = parseEventBridgeEvent({ "detail-type": "CloudWatch Alarm State Change" });

    expect(!result.ok && result.error.message).toContain("detail");
  });

  it("parses a detail with only a name: unknown trigger, time from the envelope, region from the event", () => {
    const result = parseEventBridgeEvent({
      "detail-type": "CloudWatch Alarm State Change",
      time: "2024-01-01T00:00:00Z",
      region: "eu-central-1",
      account: "111122223333",
      detail: { alarmName: "bare", state: { value: "ok" } },
    });

    expect(result.ok && result.value).toEqual({
      source: "eventbridge",
      name: "bare",
      partition: "aws",
      region: "eu-central-1",
      accountId: "111122223333",
      state: "OK",
      time: "2024-01-01T00:00:00.000Z",
      trigger: { kind: "unknown" },
    });
  });

  it("parses a bare detail with China-partition ARN hints", () => {
    const result = parseEventBridgeDetail(
      { alarmName: "cn-alarm", state: { value: "ALARM", timestamp: "2024-02-03T04:05:06.000+0000" } },
      { alarmArn: "arn:aws-cn:cloudwatch:cn-north-1:111122223333:alarm:cn-alarm" },
    );

    expect(result.ok && result.value).toMatchObject({
      partition: "aws-cn",
      region: "cn-north-1",
      accountId: "111122223333",
      time: "2024-02-03T04:05:06.000Z",
    });
  });
});
