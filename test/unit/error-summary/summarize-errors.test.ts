import { describe, expect, it } from "vitest";
import type { BinPoint } from "../../../src/error-summary/bin-counts.js";
import { type ErrorWindow, summarizeErrors } from "../../../src/error-summary/summarize-errors.js";

const BIN = 300;
const NOW = Date.parse("2024-05-01T11:00:00Z");
const HOUR = 3600_000;

function bins(startMs: number, counts: readonly number[]): BinPoint[] {
  // Insights omits empty bins, so zero counts are left out here too.
  return counts.flatMap((count, i) =>
    count > 0 ? [{ time: new Date(startMs + i * BIN * 1000), count }] : [],
  );
}

// TradAI backend: a steady trickle of validation errors, then a ConnectionError burst at 10:30 from two tasks.
const current: ErrorWindow = {
  start: new Date(NOW - HOUR),
  end: new Date(NOW),
  bins: bins(NOW - HOUR, [5, 4, 6, 5, 4, 5, 148, 310, 402, 180, 90, 60]),
  messages: [
    {
      message: "ConnectionError: HTTPConnectionPool(host='10.0.3.17', port=5432): Max retries exceeded",
      count: 700,
    },
    {
      message: "ConnectionError: HTTPConnectionPool(host='10.0.3.18', port=5432): Max retries exceeded",
      count: 300,
    },
    { message: "ValidationError: invalid pair 'ETH-XYZ' for strategy 42", count: 50 },
    { message: "ValidationError: invalid pair 'ETH-XYZ' for strategy 7", count: 20 },
    { message: "Unauthorized: token expired for user 18", count: 9 },
  ],
  streams: [
    { stream: "ecs/tradai-backend/0a1b2c3d4e5f", count: 800 },
    { stream: "ecs/tradai-backend/9f8e7d6c5b4a", count: 300 },
  ],
};
const baseline: ErrorWindow = {
  start: new Date(NOW - 2 * HOUR),
  end: new Date(NOW - HOUR),
  bins: bins(NOW - 2 * HOUR, [6, 5, 5, 7, 6, 4, 5, 6, 5, 6, 7, 5]),
  messages: [
    { message: "ValidationError: invalid pair 'BTC-FOO' for strategy 3", count: 30 },
    { message: "Unauthorized: token expired for user 99", count: 3 },
  ],
  streams: [{ stream: "ecs/tradai-backend/0a1b2c3d4e5f", count: 67 }],
};

describe("summarizeErrors", () => {
  it("summarises a ConnectionError burst against a quiet baseline", () => {
    const summary = summarizeErrors({ current, baseline, binSeconds: BIN });

    expect(summary.totalCurrent).toBe(1219);
    expect(summary.totalBaseline).toBe(67);
    expect(summary.ratio).toBeCloseTo(1219 / 67);
    expect(summary.series.counts).toHaveLength(12);
    expect(summary.spike).toMatchObject({
      start: new Date("2024-05-01T10:30:00Z"),
      peakBin: new Date("2024-05-01T10:40:00Z"),
      end: new Date("2024-05-01T11:00:00Z"),
      peakCount: 402,
    });
    expect(summary.spike?.size.ratio).toBeCloseTo(402 / (67 / 12));
  });

  it("groups patterns and marks the new and rising ones", () => {
    const summary = summarizeErrors({ current, baseline, binSeconds: BIN });

    expect(summary.patterns.map((p) => [p.pattern, p.count, p.isNew, p.rising])).toEqual([
      [
        "ConnectionError: HTTPConnectionPool(host='<ip>', port=<num>): Max retries exceeded",
        1000,
        true,
        false,
      ],
      ["ValidationError: invalid pair 'ETH-XYZ' for strategy <num>", 70, true, false],
      ["Unauthorized: token expired for user <num>", 9, false, true],
    ]);
    expect(summary.patterns[0]?.share).toBeCloseTo(1000 / 1219);
    expect(summary.newPatternCount).toBe(2);
  });

  it("shares streams out of all errors", () => {
    const summary = summarizeErrors({ current, baseline, binSeconds: BIN });

    expect(summary.streams.map((s) => [s.stream, s.count, Number(s.share.toFixed(3))])).toEqual([
      ["ecs/tradai-backend/0a1b2c3d4e5f", 800, 0.656],
      ["ecs/tradai-backend/9f8e7d6c5b4a", 300, 0.246],
    ]);
  });

  it("does not call a pattern new when the day before had it", () => {
    const dayBefore: ErrorWindow = {
      start: new Date(NOW - 25 * HOUR),
      end: new Date(NOW - 24 * HOUR),
      bins: bins(NOW - 25 * HOUR, [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]),
      messages: [
        { message: "ConnectionError: HTTPConnectionPool(host='10.0.9.9', port=6379): Max retries exceeded" },
      ],
      streams: [],
    };

    const summary = summarizeErrors({ current, baseline, dayBefore, binSeconds: BIN });

    expect(summary.totalDayBefore).toBe(60);
    expect(summary.patterns[0]?.isNew).toBe(false);
    expect(summary.newPatternCount).toBe(1);
  });

  it("reports no spike and a ratio near 1 for a flat hour", () => {
    const flat: ErrorWindow = { ...current, bins: bins(NOW - HOUR, [5, 6, 5, 7, 6, 4, 5, 6, 5, 6, 7, 5]) };

    const summary = summarizeErrors({ current: flat, baseline, binSeconds: BIN });

    expect(summary.spike).toBeUndefined();
    expect(summary.ratio).toBeCloseTo(67 / 67);
  });

  it("handles a baseline with no errors at all", () => {
    const empty: ErrorWindow = { ...baseline, bins: [], messages: [], streams: [] };

    const summary = summarizeErrors({ current, baseline: empty, binSeconds: BIN });

    expect(summary.ratio).toBeNull();
    expect(summary.baselineSeries.counts).toEqual(new Array<number>(12).fill(0));
    expect(summary.spike?.start).toEqual(new Date("2024-05-01T10:00:00Z"));
    expect(summary.spike?.size.ratio).toBeNull();
    expect(summary.patterns.every((p) => p.isNew)).toBe(true);
  });
});
