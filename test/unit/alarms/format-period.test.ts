import { describe, expect, it } from "vitest";
import { formatPeriod } from "../../../src/alarms/format-period.js";

describe("formatPeriod", () => {
  it.each([
    [10, "10 s"],
    [60, "1 min"],
    [90, "90 s"],
    [300, "5 min"],
    [900, "15 min"],
    [3600, "1 h"],
    [5400, "90 min"],
    [86400, "24 h"],
  ])("formats %i seconds as %j", (seconds, text) => {
    expect(formatPeriod(seconds)).toBe(text);
  });
});
