import { describe, expect, it } from "vitest";
import type { AlarmTrigger } from "../../../src/alarms/alarm.js";
import { tuningSuggestions } from "../../../src/incidents/tuning-suggestions.js";

const metric = { namespace: "AWS/SQS", name: "ApproximateAgeOfOldestMessage", dimensions: {} };

describe("tuningSuggestions", () => {
  it("suggests 3 of 5, notBreaching and a 5 min period for a 1-of-1, 60 s alarm treating missing as missing", () => {
    const trigger: AlarmTrigger = {
      kind: "metric",
      metric,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "missing",
      period: 60,
    };
    expect(tuningSuggestions(trigger).map((s) => [s.setting, s.from, s.to])).toEqual([
      ["evaluationPeriods / datapointsToAlarm", "1 of 1", "3 of 5"],
      ["treatMissingData", "missing", "notBreaching"],
      ["period", "1 min", "5 min"],
    ]);
  });

  it("suggests nothing an already tolerant alarm has (3 of 5, notBreaching, 5 min)", () => {
    const trigger: AlarmTrigger = {
      kind: "metric",
      metric,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      period: 300,
    };
    expect(tuningSuggestions(trigger)).toEqual([]);
  });

  it("widens the M-of-N window of a long all-must-breach alarm", () => {
    const trigger: AlarmTrigger = { kind: "math", metrics: [], evaluationPeriods: 6, datapointsToAlarm: 6 };
    expect(tuningSuggestions(trigger)[0]).toMatchObject({ from: "6 of 6", to: "6 of 8" });
  });

  it("suggests a wider anomaly band from the band expression", () => {
    const trigger: AlarmTrigger = {
      kind: "anomaly",
      bandId: "ad1",
      metrics: [{ id: "ad1", expression: "ANOMALY_DETECTION_BAND(m1, 2)", returnData: true }],
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "ignore",
    };
    expect(tuningSuggestions(trigger)).toEqual([expect.objectContaining({ from: "2", to: "3" })]);
  });

  it("points composite alarms at their children and suggests nothing for unknown triggers", () => {
    const composite: AlarmTrigger = { kind: "composite", children: [{ name: "a" }, { name: "b" }] };
    expect(tuningSuggestions(composite)[0]?.from).toBe("2 children");
    expect(tuningSuggestions({ kind: "unknown" })).toEqual([]);
  });
});
