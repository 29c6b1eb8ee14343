import { describe, expect, it } from "vitest";
import { configuredOccurrences, parseWeekly } from "../../../src/mutes/weekly-window.js";

describe("parseWeekly", () => {
  it("reads a day and UTC times, running past midnight when the end is earlier", () => {
    expect(parseWeekly("Sun 02:00-04:00 UTC")).toEqual({ startMinute: 120, lengthMinutes: 120 });
    expect(parseWeekly("Sat 23:00-01:00 UTC")).toEqual({ startMinute: 6 * 1440 + 1380, lengthMinutes: 120 });
    expect(parseWeekly("Funday 02:00-04:00 UTC")).toBeUndefined();
    expect(parseWeekly("Sun 25:00-04:00 UTC")).toBeUndefined();
  });
});

describe("configuredOccurrences", () => {
  const weekly = [{ match: { route: "batch-*" }, weekly: "Sun 02:00-04:00 UTC", reason: "backups" }];

  it("gives the occurrence in progress, keyed by its start", () => {
    // 2026-11-22 is a Sunday.
    const [w] = configuredOccurrences(weekly, new Date("2026-11-22T03:00:00Z"));

    expect(w).toMatchObject({
      id: "config-1-20261122T0200",
      startsAt: "2026-11-22T02:00:00.000Z",
      endsAt: "2026-11-22T04:00:00.000Z",
      match: { route: "batch-*" },
      reason: "backups",
      createdBy: "config",
    });
  });

  it("gives last week's occurrence before this week's starts", () => {
    const [w] = configuredOccurrences(weekly, new Date("2026-11-22T01:59:00Z"));

    expect(w?.startsAt).toBe("2026-11-15T02:00:00.000Z");
  });
});
