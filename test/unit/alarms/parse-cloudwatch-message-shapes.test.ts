import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import {
  normaliseTreatMissingData,
  parseCloudWatchMessage,
} from "../../../src/alarms/parse-cloudwatch-message.js";
import type { ParseAlarmContext } from "../../../src/alarms/parse-context.js";

function parsed(message: Record<string, unknown>, context: ParseAlarmContext = {}): Alarm {
  const result = parseCloudWatchMessage(message, context);
  if (!result.ok) throw new Error(`expected an alarm, got: ${result.error.message}`);
  return result.value;
}

const fixedClock = () => new Date("2030-01-02T03:04:05.000Z");

describe("parseCloudWatchMessage on hand-built shapes", () => {
  const base = {
    AlarmName: "api-latency",
    NewStateValue: "ALARM",
    StateChangeTime: "2024-07-05T15:20:44.959+0000",
    AlarmArn: "arn:aws-us-gov:cloudwatch:us-gov-west-1:111122223333:alarm:api-latency",
  };

  it("reads a percentile from ExtendedStatistic and tolerates numbers written as strings", () => {
    const alarm = parsed({
      ...base,
      Trigger: {
        MetricName: "TargetResponseTime",
        Namespace: "AWS/ApplicationELB",
        StatisticType: "ExtendedStatistic",
        ExtendedStatistic: "p95",
        Unit: "Milliseconds",
        Dimensions: [{ Name: "LoadBalancer", Value: "app/x/1" }],
        Period: "300",
        EvaluationPeriods: "3",
        DatapointsToAlarm: "3",
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: "5000",
      },
    });

    expect(alarm.partition).toBe("aws-us-gov");
    expect(alarm.region).toBe("us-gov-west-1");
    expect(alarm.trigger).toEqual({
      kind: "metric",
      metric: {
        namespace: "AWS/ApplicationELB",
        name: "TargetResponseTime",
        dimensions: { LoadBalancer: "app/x/1" },
        stat: "p95",
        period: 300,
        unit: "Milliseconds",
      },
      comparison: "GreaterThanThreshold",
      threshold: 5000,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      period: 300,
    });
  });

  it("reads a composite alarm: rule, triggering children with state, and the other children the rule names", () => {
    const alarm = parsed({
      ...base,
      AlarmRule: 'ALARM("Alarm1") AND ALARM("Alarm2")',
      TriggeringChildren: [
        {
          Arn: "arn:aws:cloudwatch:us-east-1:111122223333:alarm:Alarm1",
          State: { Value: "ALARM", Timestamp: "2022-03-17T09:21:51.000+0000" },
        },
      ],
    });

    expect(alarm.trigger).toEqual({
      kind: "composite",
      rule: 'ALARM("Alarm1") AND ALARM("Alarm2")',
      children: [
        { name: "Alarm1", arn: "arn:aws:cloudwatch:us-east-1:111122223333:alarm:Alarm1", state: "ALARM" },
        { name: "Alarm2" },
      ],
    });
  });

  it("keeps an unrecognised Trigger and unknown top-level fields in unparsed, with trigger kind unknown", () => {
    const alarm = parsed({ ...base, Trigger: { Something: "new" }, NewField: [1, 2] });

    expect(alarm.trigger).toEqual({ kind: "unknown" });
    expect(alarm.unparsed).toEqual({ Trigger: { Something: "new" }, NewField: [1, 2] });
  });

  it("parses a bare name: unknown trigger, state ALARM and time from the clock", () => {
    const alarm = parsed({ AlarmName: "only-a-name" }, { clock: fixedClock });

    expect(alarm).toEqual({
      source: "sns",
      name: "only-a-name",
      partition: "aws",
      state: "ALARM",
      time: "2030-01-02T03:04:05.000Z",
      trigger: { kind: "unknown" },
    });
  });

  it("treats an unreadable state as ALARM and keeps the raw value in unparsed", () => {
    const alarm = parsed({ ...base, NewStateValue: "PAGING", OldStateValue: "ok" });

    expect(alarm.state).toBe("ALARM");
    expect(alarm.previousState).toBe("OK");
    expect(alarm.unparsed).toEqual({ NewStateValue: "PAGING" });
  });

  it("refuses a message whose AlarmName is not a non-empty string, naming the field", () => {
    const result = parseCloudWatchMessage({ AlarmName: "", NewStateValue: "ALARM" });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain("AlarmName");
    expect(!result.ok && result.error.code).toBe("alarm_unparseable");
  });
});

describe("normaliseTreatMissingData", () => {
  it.each([
    ["", undefined],
    ["missing", "missing"],
    ["- TreatMissingData:                    missing", "missing"],
    ["- TreatMissingData: missing", "missing"],
    ["- TreatMissingData:NonBreaching", "notBreaching"],
    ["notBreaching", "notBreaching"],
    ["Breaching", "breaching"],
    ["- TreatMissingData:                    ignore", "ignore"],
    ["somethingNew", "somethingNew"],
    [null, undefined],
  ])("normalises %j to %j", (input, expected) => {
    expect(normaliseTreatMissingData(input)).toBe(expected);
  });
});
