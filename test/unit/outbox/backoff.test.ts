import { describe, expect, it } from "vitest";
import { backoffMs } from "../../../src/outbox/backoff.js";

describe("backoffMs", () => {
  it("doubles from 1 s and caps at 30 s so a long outage does not delay alarms for minutes after recovery", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 5, 6, 20].map((a) => backoffMs(a, mid))).toEqual([
      1000, 2000, 4000, 16000, 30000, 30000,
    ]);
  });

  it("spreads retries by ±20 %", () => {
    expect(backoffMs(3, () => 0)).toBe(3200);
    expect(backoffMs(3, () => 1)).toBe(4800);
  });
});
