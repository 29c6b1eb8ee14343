import { describe, expect, it } from "vitest";
import type { EpisodeFacts } from "../../../src/reports/episode-facts.js";
import { buildHygieneReport, quantile } from "../../../src/reports/hygiene-report.js";
import { lastWeeklyTime, parseReportArgs } from "../../../src/reports/run-report.js";

const TO = new Date("2026-11-20T00:00:00Z");
const FROM = new Date("2026-11-13T00:00:00Z");
const MIN = 60_000;

function facts(
  overrides: Partial<EpisodeFacts> & { id: string; alarmName: string; openedAt: string },
): EpisodeFacts {
  return {
    channel: "#inc",
    alarmMs: 0,
    insufficientMs: 0,
    lastState: "OK",
    lastStateAt: overrides.openedAt,
    ...overrides,
  };
}

describe("buildHygieneReport", () => {
  it("computes per route and per service: episodes, times, quantiles, noisy, flapping, unacknowledged, no runbook", () => {
    const list: EpisodeFacts[] = [
      facts({
        id: "a1",
        alarmName: "api-latency",
        routeName: "web",
        service: "api",
        runbook: "latency",
        openedAt: "2026-11-14T10:00:00.000Z",
        acknowledgedAt: "2026-11-14T10:02:00.000Z",
        closedAt: "2026-11-14T10:10:00.000Z",
        alarmMs: 10 * MIN,
      }),
      facts({
        id: "a2",
        alarmName: "api-latency",
        routeName: "web",
        service: "api",
        runbook: "latency",
        openedAt: "2026-11-15T10:00:00.000Z",
        acknowledgedAt: "2026-11-15T10:06:00.000Z",
        closedAt: "2026-11-15T10:30:00.000Z",
        alarmMs: 30 * MIN,
      }),
      facts({
        id: "b1",
        alarmName: "api-5xx",
        routeName: "web",
        service: "api",
        openedAt: "2026-11-15T11:00:00.000Z",
        closedAt: "2026-11-15T11:05:00.000Z",
        alarmMs: 4 * MIN,
        insufficientMs: MIN,
        flapping: true,
        tuning: ["treatMissingData: missing → notBreaching"],
      }),
      facts({
        id: "c1",
        alarmName: "batch-late",
        routeName: "batch",
        openedAt: "2026-11-19T23:00:00.000Z",
        lastState: "ALARM",
        lastStateAt: "2026-11-19T23:00:00.000Z",
      }),
    ];

    const r = buildHygieneReport(list, { from: FROM, to: TO });

    expect(r.total.episodes).toBe(4);
    expect(r.total.alarmMs).toBe(44 * MIN + 60 * MIN);
    expect(r.episodesPerDay).toEqual([0, 1, 2, 0, 0, 0, 1]);
    const web = r.groups.find((g) => g.name === "route web");
    expect(web).toMatchObject({
      episodes: 3,
      ackMedianMs: 2 * MIN,
      ackP90Ms: 6 * MIN,
      resolveMedianMs: 10 * MIN,
      resolveP90Ms: 30 * MIN,
      insufficientMs: MIN,
    });
    expect(web?.noisiest[0]).toEqual({ alarm: "api-latency", episodes: 2, perWeek: 2 });
    expect(web?.flapping).toEqual([
      { alarm: "api-5xx", tuning: ["treatMissingData: missing → notBreaching"] },
    ]);
    expect(web?.neverAcknowledged).toEqual(["api-5xx"]);
    expect(web?.withoutRunbook).toEqual(["api-5xx"]);
    expect(r.groups.map((g) => g.name).sort()).toEqual(["route batch", "route web", "service api"]);
  });

  it("narrows to one route or service", () => {
    const list = [
      facts({ id: "a", alarmName: "x", routeName: "web", openedAt: "2026-11-14T10:00:00.000Z" }),
      facts({ id: "b", alarmName: "y", routeName: "batch", openedAt: "2026-11-14T10:00:00.000Z" }),
    ];

    const r = buildHygieneReport(list, { from: FROM, to: TO, only: "batch" });

    expect(r.total.episodes).toBe(1);
    expect(r.groups.map((g) => g.name)).toEqual(["route batch"]);
  });
});

describe("report helpers", () => {
  it("takes nearest-rank quantiles, parses arguments and finds the last weekly slot", () => {
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeUndefined();
    expect(parseReportArgs("30d payments")).toEqual({ days: 30, only: "payments" });
    expect(parseReportArgs("")).toEqual({ days: 7 });
    expect(parseReportArgs("a b c")).toBeUndefined();
    // 2026-11-20 is a Friday.
    expect(
      new Date(lastWeeklyTime("Mon 09:00 UTC", new Date("2026-11-20T10:00:00Z")) ?? 0).toISOString(),
    ).toBe("2026-11-16T09:00:00.000Z");
  });
});
