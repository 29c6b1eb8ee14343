import { describe, expect, it } from "vitest";
import {
  errorSummaryBinSeconds,
  errorSummaryWindows,
  runErrorSummary,
} from "../../../src/error-summary/run-error-summary.js";
import { decodeConsoleQueryDetail } from "../../../src/insights/console-query-url.js";
import { InsightsError } from "../../../src/insights/errors.js";
import { AXONFLOW, axonflowAnswer, NOW_S, queryKind, stubBackend, stubDeps } from "./error-summary-stubs.js";

const TARGET = { name: "axonflow-api", service: AXONFLOW, adHoc: false };
const LAST_HOUR = { startTime: NOW_S - 3600, endTime: NOW_S };
const DAY = 86_400;

describe("errorSummaryWindows", () => {
  it("puts the baseline right before the window, one second apart, and the day-before 24 h earlier", () => {
    // Act
    const windows = errorSummaryWindows(LAST_HOUR);
    // Assess
    expect(windows).toEqual({
      current: { startTime: NOW_S - 3600, endTime: NOW_S },
      baseline: { startTime: NOW_S - 7200, endTime: NOW_S - 3601 },
      dayBefore: { startTime: NOW_S - 3600 - DAY, endTime: NOW_S - DAY },
    });
  });

  it("drops the day-before window for a 24 h window, where it would be the baseline again", () => {
    expect(errorSummaryWindows({ startTime: NOW_S - DAY, endTime: NOW_S }).dayBefore).toBeUndefined();
  });

  it("uses 5 min bins for an hour and 1 h bins for a day (at most 30 bins per window)", () => {
    expect(errorSummaryBinSeconds(3600)).toBe(300);
    expect(errorSummaryBinSeconds(DAY)).toBe(3600);
    expect(errorSummaryBinSeconds(900)).toBe(60);
  });
});

describe("runErrorSummary", () => {
  it("runs bins, messages and streams now, bins and messages for the baseline and the day before, with exact ranges", async () => {
    // Prepare
    const stub = stubBackend(axonflowAnswer);
    // Act
    await runErrorSummary(stubDeps(stub.backend), { target: TARGET, window: LAST_HOUR });
    // Assess
    const seen = stub.started
      .map((q) => `${queryKind(q)} ${q.startTime - NOW_S}..${q.endTime - NOW_S}`)
      .sort();
    expect(seen).toEqual(
      [
        "bins -3600..0",
        "messages -3600..0",
        "streams -3600..0",
        "bins -7200..-3601",
        "messages -7200..-3601",
        `bins ${-3600 - DAY}..${-DAY}`,
        `messages ${-3600 - DAY}..${-DAY}`,
      ].sort(),
    );
    expect(stub.started.every((q) => q.logGroupNames.join() === "/axonflow/production")).toBe(true);
    expect(stub.started.find((q) => queryKind(q) === "bins")?.queryString).toContain("by bin(5m)");
  });

  it("finds the spike at 11:45, marks the provider timeouts new and the validation errors not new", async () => {
    // Prepare
    const stub = stubBackend(axonflowAnswer);
    // Act
    const outcome = await runErrorSummary(stubDeps(stub.backend), { target: TARGET, window: LAST_HOUR });
    // Assess
    expect(outcome.kind).toBe("summary");
    if (outcome.kind !== "summary") return;
    expect(outcome.summary.spike?.start.toISOString()).toBe("2026-11-20T11:45:00.000Z");
    expect(outcome.summary.spike?.peakCount).toBe(26);
    const [top, second] = outcome.summary.patterns;
    expect(top?.pattern).toMatch(/^LLM provider call failed/);
    expect(top?.isNew).toBe(true);
    expect(second?.isNew).toBe(false);
    expect(outcome.summary.newPatternCount).toBe(1);
    expect(outcome.summary.totalDayBefore).toBeGreaterThan(0);
    expect(outcome.statistics).toMatchObject({ queries: 7, failed: 0, bytesScanned: 7 * 4096 });
    expect(outcome.notes).toEqual([]);
  });

  it("links the console to the current window's error events", async () => {
    const stub = stubBackend(axonflowAnswer);
    const outcome = await runErrorSummary(stubDeps(stub.backend), { target: TARGET, window: LAST_HOUR });
    // JSURL strings write `%` as `*`; undo that to read the values.
    const detail = decodeURIComponent(
      (decodeConsoleQueryDetail(outcome.consoleUrl) ?? "").replace(/\*/g, "%"),
    );
    expect(detail).toContain("2026-11-20T11:00:00.000Z");
    expect(detail).toContain("2026-11-20T12:00:00.000Z");
    expect(detail).toContain("fields @timestamp, @logStream, @message");
    expect(detail).toContain("level in");
  });

  it("tolerates a failed baseline: still a summary, with a note and no pattern claimed new", async () => {
    // Prepare
    const stub = stubBackend((input) =>
      input.startTime === NOW_S - 7200
        ? new InsightsError("insights_access_denied", "AccessDenied on the baseline (stub)")
        : axonflowAnswer(input),
    );
    // Act
    const outcome = await runErrorSummary(stubDeps(stub.backend), { target: TARGET, window: LAST_HOUR });
    // Assess
    expect(outcome.kind).toBe("summary");
    if (outcome.kind !== "summary") return;
    expect(
      outcome.parts
        .filter((p) => p.status === "failed")
        .map((p) => `${p.window}/${p.query}`)
        .sort(),
    ).toEqual(["baseline/countsByBin", "baseline/topMessages"]);
    expect(outcome.summary.patterns.some((p) => p.isNew)).toBe(false);
    expect(outcome.notes.join("\n")).toMatch(
      /baseline countsByBin, topMessages: failed \(patterns not marked new\): AccessDenied/,
    );
    expect(outcome.statistics.failed).toBe(2);
  });

  it("drops the day-before comparison when that window is past the retention", async () => {
    const stub = stubBackend((input) =>
      input.startTime < NOW_S - DAY / 2
        ? new InsightsError("insights_query_failed", "no data that old (stub)")
        : axonflowAnswer(input),
    );
    const outcome = await runErrorSummary(stubDeps(stub.backend), { target: TARGET, window: LAST_HOUR });
    expect(outcome.kind === "summary" && outcome.summary.totalDayBefore).toBeUndefined();
    expect(outcome.kind === "summary" && outcome.notes.join()).toMatch(
      /day-before .*not compared with the day before/,
    );
  });

  it("fails (without throwing) when the current window's counts cannot be had, and says why", async () => {
    const stub = stubBackend((input) =>
      input.startTime === NOW_S - 3600 && queryKind(input) === "bins"
        ? new InsightsError("insights_log_group_not_found", "Log group /axonflow/production not found (stub)")
        : axonflowAnswer(input),
    );
    const outcome = await runErrorSummary(stubDeps(stub.backend), { target: TARGET, window: LAST_HOUR });
    expect(outcome.kind).toBe("failed");
    expect(outcome.kind === "failed" && outcome.message).toMatch(/not found/);
  });

  it("stops a query over the bytes cap and reports that part as partial", async () => {
    // Prepare: every query claims 2 MB scanned while still running.
    const stub = stubBackend(axonflowAnswer);
    const running = {
      ...stub.backend,
      getQueryResults: async () => ({
        status: "Running" as const,
        results: [],
        statistics: { recordsMatched: 0, recordsScanned: 10, bytesScanned: 2_000_000 },
      }),
    };
    // Act
    const outcome = await runErrorSummary(stubDeps(running), {
      target: TARGET,
      window: LAST_HOUR,
      maxBytesScanned: 1_000_000,
    });
    // Assess
    expect(outcome.parts.every((p) => p.status === "partial")).toBe(true);
    expect(outcome.parts[0]?.message).toMatch(/over the 976\.6 KB cap/);
    expect(stub.stopped).toHaveLength(7);
    expect(outcome.statistics.bytesScanned).toBe(7 * 2_000_000);
  });

  it("skips the queries still waiting once the time budget is spent", async () => {
    const stub = stubBackend(axonflowAnswer);
    const outcome = await runErrorSummary(stubDeps(stub.backend), {
      target: TARGET,
      window: LAST_HOUR,
      budgetMs: 0,
    });
    expect(stub.started).toHaveLength(0);
    expect(outcome.kind).toBe("failed");
    expect(outcome.parts.every((p) => p.status === "skipped")).toBe(true);
  });

  it("reports a failed summary, with the reason, when the pattern grouping fails", async () => {
    // Prepare: the worker pool timed out.
    const stub = stubBackend(axonflowAnswer);
    const work = {
      summarize: () =>
        Promise.reject(new Error("Task summarizeErrors took longer than 30000 ms and was stopped.")),
      chartPng: () => Promise.reject(new Error("unused")),
    };
    // Act
    const outcome = await runErrorSummary(stubDeps(stub.backend, { work }), {
      target: TARGET,
      window: LAST_HOUR,
    });
    // Assess
    expect(outcome.kind).toBe("failed");
    expect(outcome.kind === "failed" && outcome.message).toMatch(
      /^grouping the error messages failed \(Task summarizeErrors took longer/,
    );
    expect(outcome.parts).toHaveLength(7);
  });
});
