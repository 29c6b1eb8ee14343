import { describe, expect, it } from "vitest";
import {
  comparisonFromReason,
  readReasonData,
  thresholdFromReason,
} from "../../../src/alarms/reason-hints.js";

describe("comparisonFromReason", () => {
  it.each([
    [
      "1 datapoint (10.0) was greater than or equal to the threshold (10.0).",
      "GreaterThanOrEqualToThreshold",
    ],
    ["[1.0] was not less than the threshold (1.0).", "LessThanThreshold"],
    ["was less than or equal to the threshold (3.0)", "LessThanOrEqualToThreshold"],
    ["[99.5] was greater than the threshold (50.0)", "GreaterThanThreshold"],
    [
      "was less than the lower thresholds [0.02] or greater than the upper thresholds [0.30]",
      "LessThanLowerOrGreaterThanUpperThreshold",
    ],
    ["was not greater than the upper thresholds [0.33]", "GreaterThanUpperThreshold"],
    ["was less than the lower thresholds [0.02]", "LessThanLowerThreshold"],
    ["Insufficient Data: 5 datapoints were unknown.", undefined],
    ["testing only", undefined],
    [undefined, undefined],
  ])("reads %j as %s", (reason, comparison) => {
    expect(comparisonFromReason(reason)).toBe(comparison);
  });
});

describe("thresholdFromReason", () => {
  it("reads the threshold in parentheses, or nothing", () => {
    expect(thresholdFromReason("1 datapoint was less than the threshold (1.0). The most recent …")).toBe(1);
    expect(thresholdFromReason("was greater than the threshold (-2.5e3)")).toBe(-2500);
    expect(thresholdFromReason("Insufficient Data")).toBeUndefined();
  });
});

describe("readReasonData", () => {
  it("reads threshold, period and triggering alarms, and tolerates text that is not JSON", () => {
    expect(readReasonData('{"threshold":10.0,"period":300}')).toMatchObject({ threshold: 10, period: 300 });
    expect(readReasonData('{"triggeringAlarms":[]}').triggeringAlarms).toEqual([]);
    expect(readReasonData("not json")).toEqual({});
    expect(readReasonData(undefined)).toEqual({});
  });
});
