import { describe, expect, it } from "vitest";
import { formatDuration, formatPeriod } from "../../../src/alarms/format-duration.js";

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

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [45, "45 s"],
    [60, "1 min"],
    [750, "12 min 30 s"],
    [3600, "1 h"],
    [5400, "1 h 30 min"],
    [5430, "1 h 30 min"],
    [183600, "2 d 3 h"],
    [-5, "0 s"],
  ])("formats %i seconds as %j", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
