import { describe, expect, it } from "vitest";
import { durationSeconds, parseTimeWindow } from "../../../src/insights/time-window.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const NOW_S = NOW.getTime() / 1000;
const opts = { now: NOW, defaultWindow: "1h", maxWindow: "7d" };
const at = (iso: string) => Date.parse(iso) / 1000;

describe("parseTimeWindow", () => {
  it.each([
    ["15m", 15 * 60],
    ["2h", 7200],
    ["1d", 86400],
    ["last 30m", 1800],
    ["", 3600],
  ])("reads the relative window %j", (text, seconds) => {
    const result = parseTimeWindow(text, opts);
    expect(result.ok && [result.value.startTime, result.value.endTime]).toEqual([NOW_S - seconds, NOW_S]);
  });

  it("reads since 09:30 as today in UTC", () => {
    const result = parseTimeWindow("since 09:30", opts);
    expect(result.ok && result.value.startTime).toBe(at("2026-11-20T09:30:00Z"));
    expect(result.ok && result.value.label).toBe("since 2026-11-20 09:30 UTC");
  });

  it("reads since 13:00 as yesterday when today's 13:00 is still ahead", () => {
    const result = parseTimeWindow("since 13:00", opts);
    expect(result.ok && result.value.startTime).toBe(at("2026-11-19T13:00:00Z"));
  });

  it("reads an ISO range", () => {
    const result = parseTimeWindow("2026-11-20T10:00Z..2026-11-20T11:00Z", opts);
    expect(result.ok && [result.value.startTime, result.value.endTime]).toEqual([
      at("2026-11-20T10:00:00Z"),
      at("2026-11-20T11:00:00Z"),
    ]);
  });

  it("honours seconds and offsets", () => {
    const result = parseTimeWindow("2026-11-20T10:00:30+02:00 .. 2026-11-20T11:00:00.500+0200", opts);
    expect(result.ok && [result.value.startTime, result.value.endTime]).toEqual([
      at("2026-11-20T08:00:30Z"),
      at("2026-11-20T09:00:00Z"),
    ]);
  });

  it("clamps a future end to now and says so", () => {
    const result = parseTimeWindow("2026-11-20T11:00Z..2026-11-20T13:00Z", opts);
    expect(result.ok && result.value).toMatchObject({ endTime: NOW_S, endClamped: true });
  });

  it("rejects start at or after end", () => {
    const result = parseTimeWindow("2026-11-20T11:00Z..2026-11-20T10:00Z", opts);
    expect(!result.ok && result.error.code).toBe("insights_invalid_window");
    expect(!result.ok && result.error.message).toContain("not before its end");
  });

  it("rejects a window that starts in the future", () => {
    const result = parseTimeWindow("2026-11-21T10:00Z..2026-11-21T11:00Z", opts);
    expect(!result.ok && result.error.message).toContain("future");
  });

  it("rejects a window over the maximum and names the maximum", () => {
    const result = parseTimeWindow("8d", opts);
    expect(!result.ok && result.error.message).toContain("maximum of 7d");
  });

  it("rejects impossible dates and unreadable text", () => {
    expect(parseTimeWindow("2026-02-31T10:00Z..2026-03-01T10:00Z", opts).ok).toBe(false);
    expect(parseTimeWindow("yesterday-ish", opts).ok).toBe(false);
    expect(parseTimeWindow("since 25:00", opts).ok).toBe(false);
  });

  it("durationSeconds reads config durations", () => {
    expect(durationSeconds("7d")).toBe(604800);
    expect(durationSeconds("x")).toBeUndefined();
  });
});
