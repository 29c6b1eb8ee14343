import { describe, expect, it } from "vitest";
import { comparePatterns } from "../../../src/error-summary/compare-patterns.js";
import type { MessagePattern } from "../../../src/error-summary/group-patterns.js";

const p = (pattern: string, count: number): MessagePattern => ({
  pattern,
  count,
  share: 0,
  sample: pattern,
  streams: [],
});

describe("comparePatterns", () => {
  it("marks patterns absent from the baseline as new and grown ones as rising", () => {
    const current = [p("ConnectionError: <ip>", 120), p("Invalid pair <str>", 10), p("KeyError", 4)];
    const baseline = [p("Invalid pair <str>", 2), p("KeyError", 4)];

    const compared = comparePatterns(current, baseline);

    expect(
      compared.map(({ pattern, isNew, rising, ratio, baselineCount }) => ({
        pattern,
        isNew,
        rising,
        ratio,
        baselineCount,
      })),
    ).toEqual([
      { pattern: "ConnectionError: <ip>", isNew: true, rising: false, ratio: null, baselineCount: 0 },
      { pattern: "Invalid pair <str>", isNew: false, rising: true, ratio: 5, baselineCount: 2 },
      { pattern: "KeyError", isNew: false, rising: false, ratio: 1, baselineCount: 4 },
    ]);
  });

  it("does not call a pattern new when the day before had it", () => {
    const compared = comparePatterns([p("nightly export failed", 3)], [], {
      alsoSeenIn: [[p("nightly export failed", 3)]],
    });

    expect(compared[0]?.isNew).toBe(false);
  });

  it("compares rates when the windows differ in length", () => {
    // 1 h now against a 4 h baseline: 8 per hour now against 2 per hour before.
    const compared = comparePatterns([p("timeout", 8)], [p("timeout", 8)], { scale: 0.25 });

    expect(compared[0]?.ratio).toBe(4);
    expect(compared[0]?.rising).toBe(true);
  });

  it("needs a minimum count to call a pattern rising", () => {
    const compared = comparePatterns([p("rare", 2)], [p("rare", 1)]);

    expect(compared[0]?.ratio).toBe(2);
    expect(compared[0]?.rising).toBe(false);
  });
});
