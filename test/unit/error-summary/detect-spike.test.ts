import { describe, expect, it } from "vitest";
import { detectSpike } from "../../../src/error-summary/detect-spike.js";

// A quiet hour of 5-minute bins from an ECS service: a few errors per bin.
const FLAT = [4, 6, 5, 3, 5, 4, 6, 5, 4, 5, 6, 4];

describe("detectSpike", () => {
  it("finds the exact start, peak and size of a flat-then-burst series", () => {
    const current = [5, 4, 6, 5, 4, 5, 48, 130, 212, 180, 90, 60];

    const { spike, baselineMean } = detectSpike(current, FLAT);

    expect(baselineMean).toBeCloseTo(57 / 12);
    expect(spike).toMatchObject({ startIndex: 6, peakIndex: 8, endIndex: 11, peakCount: 212 });
    expect(spike?.peakRatio).toBeCloseTo(212 / (57 / 12));
    expect(spike?.excess).toBe(Math.round(720 - 6 * (57 / 12)));
  });

  it("reports no spike on a flat series", () => {
    const detection = detectSpike([5, 6, 4, 7, 5, 6, 4, 5, 6, 5, 4, 6], FLAT);

    expect(detection.spike).toBeUndefined();
    expect(detection.threshold).toBeGreaterThan(7);
  });

  it("uses the minimum count alone when the baseline had no errors", () => {
    const zeros = new Array<number>(12).fill(0);

    const small = detectSpike([0, 1, 2, 0], zeros);
    const real = detectSpike([0, 0, 3, 9, 40], zeros);

    expect(small.spike).toBeUndefined();
    expect(real.spike).toMatchObject({ startIndex: 3, peakIndex: 4, peakRatio: null, excess: 49 });
  });

  it("treats an empty baseline like a zero one", () => {
    expect(detectSpike([0, 20], []).spike).toMatchObject({ startIndex: 1, peakRatio: null });
  });

  it("dates the spike from the burst around the peak, not from an earlier blip", () => {
    const current = [5, 30, 5, 5, 5, 5, 90, 200, 150];

    const { spike } = detectSpike(current, FLAT);

    expect(spike?.startIndex).toBe(6);
  });

  it("bridges a single quiet bin inside a burst", () => {
    const current = [5, 5, 80, 4, 120, 5, 5];

    const { spike } = detectSpike(current, FLAT);

    expect(spike).toMatchObject({ startIndex: 2, peakIndex: 4, endIndex: 4 });
  });

  it("does not flag +1 over a perfectly flat baseline", () => {
    expect(detectSpike([11, 10, 12], new Array<number>(12).fill(10)).spike).toBeUndefined();
  });
});
