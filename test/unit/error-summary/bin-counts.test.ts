import { describe, expect, it } from "vitest";
import {
  binCounts,
  binStart,
  chooseBinSeconds,
  formatBinSize,
  seriesTotal,
} from "../../../src/error-summary/bin-counts.js";

const at = (iso: string) => new Date(iso);

describe("chooseBinSeconds", () => {
  it.each([
    [5 * 60, 10],
    [10 * 60, 10],
    [15 * 60, 60],
    [60 * 60, 60],
    [2 * 3600, 300],
    [6 * 3600, 900],
    [24 * 3600, 1800],
    [7 * 86400, 3 * 3600],
    [90 * 86400, 86400],
  ])("picks a bin for a %i s window so there are at most 60 bins", (window, expected) => {
    const bin = chooseBinSeconds(window);

    expect(bin).toBe(expected);
    if (window >= 12 * 60 && window <= 60 * 86400) {
      expect(window / bin).toBeGreaterThanOrEqual(12);
      expect(window / bin).toBeLessThanOrEqual(60);
    }
  });
});

describe("formatBinSize", () => {
  it.each([
    [10, "10s"],
    [60, "1m"],
    [300, "5m"],
    [3600, "1h"],
    [10800, "3h"],
    [86400, "1d"],
  ])("formats %i seconds as %s", (seconds, text) => {
    expect(formatBinSize(seconds)).toBe(text);
  });
});

describe("binCounts", () => {
  it("zero-fills bins without rows and ignores rows outside the window", () => {
    const points = [
      { time: at("2024-05-01T10:05:00Z"), count: 3 },
      { time: at("2024-05-01T10:20:00Z"), count: 7 },
      { time: at("2024-05-01T09:55:00Z"), count: 100 },
      { time: at("2024-05-01T10:30:00Z"), count: 100 },
    ];

    const series = binCounts(points, {
      start: at("2024-05-01T10:00:00Z"),
      end: at("2024-05-01T10:30:00Z"),
      binSeconds: 300,
    });

    expect(series.start).toEqual(at("2024-05-01T10:00:00Z"));
    expect(series.counts).toEqual([0, 3, 0, 0, 7, 0]);
    expect(seriesTotal(series)).toBe(10);
  });

  it("aligns bins to the epoch like Logs Insights and adds rows landing in one bin", () => {
    const points = [
      { time: at("2024-05-01T10:07:00Z"), count: 2 },
      { time: at("2024-05-01T10:09:59Z"), count: 1 },
    ];

    const series = binCounts(points, {
      start: at("2024-05-01T10:03:00Z"),
      end: at("2024-05-01T10:12:00Z"),
      binSeconds: 300,
    });

    expect(series.start).toEqual(at("2024-05-01T10:00:00Z"));
    expect(series.counts).toEqual([0, 3, 0]);
    expect(binStart(series, 2)).toEqual(at("2024-05-01T10:10:00Z"));
  });

  it("returns an empty series for an empty window", () => {
    const t = at("2024-05-01T10:00:00Z");

    expect(binCounts([{ time: t, count: 1 }], { start: t, end: t, binSeconds: 60 }).counts).toEqual([]);
  });
});
