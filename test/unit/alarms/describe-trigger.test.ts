import { describe, expect, it } from "vitest";
import type { AlarmTrigger } from "../../../src/alarms/alarm.js";
import {
  alarmDisplayState,
  describeTrigger,
  formatNumber,
  formatQuantity,
} from "../../../src/alarms/describe-trigger.js";
import { parseAlarm } from "../../../src/alarms/parse-alarm.js";
import { loadAlarmFixture } from "./alarm-fixtures.js";

function triggerOf(fixture: string): AlarmTrigger {
  const { inner, topicArn } = loadAlarmFixture(fixture);
  const result = parseAlarm(inner, topicArn === undefined ? {} : { topicArn });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.trigger;
}

describe("describeTrigger for single-metric alarms", () => {
  it("describes a percentile with unit, datapoints-to-alarm and period", () => {
    const trigger: AlarmTrigger = {
      kind: "metric",
      metric: { name: "TargetResponseTime", dimensions: {}, stat: "p95", period: 300, unit: "Milliseconds" },
      comparison: "GreaterThanThreshold",
      threshold: 5000,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    };

    expect(describeTrigger(trigger)).toBe("p95 TargetResponseTime > 5,000 ms for 3 of 3 × 5 min");
  });

  it("describes >= with a percent unit over 1-minute periods", () => {
    const trigger: AlarmTrigger = {
      kind: "metric",
      metric: { name: "CPUUtilization", dimensions: {}, stat: "Average", unit: "Percent" },
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 80,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      period: 60,
    };

    expect(describeTrigger(trigger)).toBe("Average CPUUtilization >= 80 % for 2 of 3 × 1 min");
  });

  it.each([
    [
      "cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json",
      "Average CPUUtilization > 15 for 1 × 5 min",
    ],
    [
      "cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-s3-alerta.json",
      "Average BucketSizeBytes >= 0 for 1 × 24 h",
    ],
    [
      "cw-alarm-sns-lambda-threshold-OK-from-ALARM-logmetric-terraform-notify-slack.json",
      "Sum DBMigrationRequired < 1 for 1 × 1 min",
    ],
    [
      "eventbridge-cw-alarm-state-change-single-metric-awsdocs.json",
      "Average CPUUtilization > 50 (period 5 min)",
    ],
    [
      "eventbridge-cw-alarm-state-change-INSUFFICIENT_DATA-billing-real.json",
      "Maximum EstimatedCharges threshold 10 (period 5 min)",
    ],
  ])("describes %s as %j", (fixture, text) => {
    expect(describeTrigger(triggerOf(fixture))).toBe(text);
  });

  it("leaves out what the payload did not carry", () => {
    const trigger: AlarmTrigger = {
      kind: "metric",
      metric: { name: "Errors", dimensions: {} },
      evaluationPeriods: 2,
    };

    expect(describeTrigger(trigger)).toBe("Errors for 2 periods");
  });
});

describe("describeTrigger for math, anomaly, composite and unknown triggers", () => {
  it("describes the returned expression", () => {
    const trigger: AlarmTrigger = {
      kind: "math",
      metrics: [
        { id: "m1", returnData: false, metric: { name: "Errors", dimensions: {} } },
        { id: "m2", returnData: false, metric: { name: "Requests", dimensions: {} } },
        { id: "e1", expression: "m1/m2*100", returnData: true },
      ],
      comparison: "GreaterThanThreshold",
      threshold: 5,
      evaluationPeriods: 1,
      period: 300,
    };

    expect(describeTrigger(trigger)).toBe("expression e1 = m1/m2*100 > 5 for 1 × 5 min");
  });

  it("describes the SNS metric-math fixture with a thousands separator", () => {
    expect(describeTrigger(triggerOf("cw-alarm-sns-lambda-metric-math-ALARM-assertible.json"))).toBe(
      "expression e2 = m1*100*m2 - MIN(m1) > 1,000 for 1 × 1 min",
    );
  });

  it("describes a Metrics Insights query whose threshold came from the reason", () => {
    expect(
      describeTrigger(
        triggerOf("eventbridge-cw-alarm-contributor-state-change-metrics-insights-awsdocs.json"),
      ),
    ).toBe(
      'expression m1 = SELECT AVG(ConsumedWriteCapacityUnits) FROM "AWS/DynamoDB" GROUP BY TableName ORDER BY MAX() DESC < 1 (period 1 min)',
    );
  });

  it.each([
    [
      "cw-alarm-sns-lambda-anomaly-detection-OK-GreaterThanUpperThreshold-ohio.json",
      "p90 TargetResponseTime above the anomaly band ANOMALY_DETECTION_BAND(m1, 2) for 2 × 15 min",
    ],
    [
      "eventbridge-cw-alarm-state-change-anomaly-detection-awsdocs.json",
      "Average CPUUtilization outside the anomaly band ANOMALY_DETECTION_BAND(m1, 0.8) (period 1 min)",
    ],
  ])("describes the anomaly alarm in %s", (fixture, text) => {
    expect(describeTrigger(triggerOf(fixture))).toBe(text);
  });

  it("says 'below' for LessThanLowerThreshold and 'compared with' when the operator is unknown", () => {
    const metrics = [
      { id: "m1", returnData: true, metric: { name: "Latency", dimensions: {}, stat: "Average" } },
      { id: "ad1", expression: "ANOMALY_DETECTION_BAND(m1)", returnData: true },
    ];

    expect(
      describeTrigger({ kind: "anomaly", metrics, bandId: "ad1", comparison: "LessThanLowerThreshold" }),
    ).toBe("Average Latency below the anomaly band ANOMALY_DETECTION_BAND(m1)");
    expect(describeTrigger({ kind: "anomaly", metrics })).toBe(
      "Average Latency compared with the anomaly band ANOMALY_DETECTION_BAND(m1)",
    );
  });

  it("describes a composite alarm by its rule, or by its children when the rule is missing", () => {
    expect(
      describeTrigger(
        triggerOf("eventbridge-cw-alarm-state-change-composite-actions-suppressed-awsdocs.json"),
      ),
    ).toBe("ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)");
    expect(describeTrigger({ kind: "composite", children: [{ name: "a" }, { name: "b" }] })).toBe(
      "composite of a, b",
    );
    expect(describeTrigger({ kind: "composite", children: [] })).toBe("composite alarm");
  });

  it("says plainly that an unknown trigger was not described", () => {
    expect(describeTrigger({ kind: "unknown" })).toBe("trigger not described in the notification");
  });
});

describe("number, unit and state formatting", () => {
  it.each([
    [5000, "5,000"],
    [15, "15"],
    [1234567.891, "1,234,567.891"],
    [0, "0"],
    [0.3309826664011767, "0.331"],
    [-2500.5, "-2,500.5"],
  ])("formats %d as %j", (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it.each([
    [5000, "Milliseconds", "5,000 ms"],
    [80, "Percent", "80 %"],
    [2, "Seconds", "2 s"],
    [1024, "Bytes", "1,024 B"],
    [12, "Count", "12"],
    [3, "Count/Second", "3/s"],
    [7, "Furlongs", "7 Furlongs"],
    [7, undefined, "7"],
  ])("formats %d %s as %j", (value, unit, text) => {
    expect(formatQuantity(value, unit)).toBe(text);
  });

  it("words the alarm states for people", () => {
    expect(alarmDisplayState("INSUFFICIENT_DATA")).toBe("Insufficient data");
    expect(alarmDisplayState("ALARM")).toBe("ALARM");
    expect(alarmDisplayState("OK")).toBe("OK");
  });
});
