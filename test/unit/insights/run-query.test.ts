import { describe, expect, it } from "vitest";
import { InsightsError } from "../../../src/insights/errors.js";
import type { LogsQueryBackend, QueryResults } from "../../../src/insights/logs-query-backend.js";
import { formatBytes, runQuery } from "../../../src/insights/run-query.js";
import { silentLogger } from "../../../src/shared/logger.js";

const REQUEST = { logGroupNames: ["/g"], queryString: "fields @message", startTime: 1, endTime: 2 };
const OPTIONS = { timeoutMs: 30_000, pollIntervalMs: 1000, maxBytesScanned: 1000 };
const stats = (bytesScanned = 0) => ({ recordsMatched: 0, recordsScanned: 0, bytesScanned });

/** A scripted backend: start errors in order, then one QueryResults per poll (last repeats). */
function scripted(polls: (QueryResults | InsightsError)[], startErrors: Error[] = []) {
  const calls = { start: 0, get: 0, stop: [] as string[] };
  const backend: LogsQueryBackend = {
    async startQuery() {
      calls.start += 1;
      const e = startErrors.shift();
      if (e) throw e;
      return "q1";
    },
    async getQueryResults() {
      const next = polls[Math.min(calls.get, polls.length - 1)];
      calls.get += 1;
      if (next === undefined) throw new Error("no script");
      if (next instanceof InsightsError) throw next;
      return next;
    },
    async stopQuery(id) {
      calls.stop.push(id);
      throw new InsightsError("insights_backend", "query is not running");
    },
  };
  let now = 0;
  const sleeps: number[] = [];
  const deps = {
    backend,
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    logger: silentLogger(),
    random: () => 0.999,
  };
  return { deps, calls, sleeps };
}

const throttled = () => new InsightsError("insights_throttled", "slow down", { retryable: true });

describe("runQuery", () => {
  it("polls with growing intervals until Complete", async () => {
    const { deps, sleeps } = scripted([
      { status: "Scheduled", results: [], statistics: stats() },
      { status: "Running", results: [], statistics: stats() },
      { status: "Running", results: [], statistics: stats() },
      { status: "Complete", results: [[{ field: "a", value: "1" }]], statistics: stats(10) },
    ]);
    const progress: string[] = [];
    const result = await runQuery(deps, REQUEST, { ...OPTIONS, onProgress: (p) => progress.push(p.status) });
    expect(result.ok && result.value).toMatchObject({ status: "Complete", partial: false, queryId: "q1" });
    expect(sleeps).toEqual([1000, 1500, 2250, 3375]);
    expect(progress).toEqual(["Scheduled", "Running", "Running", "Complete"]);
  });

  it("caps the poll interval at five times the base", async () => {
    const { deps, sleeps } = scripted([{ status: "Running", results: [], statistics: stats() }]);
    await runQuery(deps, REQUEST, { ...OPTIONS, timeoutMs: 60_000 });
    expect(Math.max(...sleeps)).toBe(5000);
  });

  it("retries retryable StartQuery errors with jittered exponential backoff", async () => {
    const { deps, calls, sleeps } = scripted(
      [{ status: "Complete", results: [], statistics: stats() }],
      [throttled(), throttled(), throttled()],
    );
    const result = await runQuery(deps, REQUEST, OPTIONS);
    expect(result.ok).toBe(true);
    expect(calls.start).toBe(4);
    expect(sleeps.slice(0, 3)).toEqual([999, 1998, 3996]);
  });

  it("does not retry a non-retryable StartQuery error", async () => {
    const { deps, calls } = scripted([], [new InsightsError("insights_malformed_query", "bad")]);
    const result = await runQuery(deps, REQUEST, OPTIONS);
    expect(!result.ok && result.error.code).toBe("insights_malformed_query");
    expect(calls.start).toBe(1);
  });

  it("stops retrying StartQuery after maxStartAttempts", async () => {
    const { deps, calls } = scripted([], Array.from({ length: 9 }, throttled));
    const result = await runQuery(deps, REQUEST, { ...OPTIONS, maxStartAttempts: 4 });
    expect(!result.ok && result.error.code).toBe("insights_throttled");
    expect(calls.start).toBe(4);
  });

  it("on timeout calls StopQuery, survives its failure and returns partial results", async () => {
    const rows = [[{ field: "a", value: "1" }]];
    const { deps, calls } = scripted([{ status: "Running", results: rows, statistics: stats() }]);
    const result = await runQuery(deps, REQUEST, { ...OPTIONS, timeoutMs: 5000 });
    expect(result.ok && result.value).toMatchObject({
      partial: true,
      partialReason: "timeout",
      results: rows,
    });
    expect(result.ok && result.value.note).toContain("Stopped after 5s");
    expect(calls.stop).toEqual(["q1"]);
  });

  it("stops when bytes scanned pass the cap", async () => {
    const { deps, calls } = scripted([
      { status: "Running", results: [], statistics: stats(999) },
      { status: "Running", results: [], statistics: stats(1001) },
    ]);
    const result = await runQuery(deps, REQUEST, OPTIONS);
    expect(result.ok && result.value.partialReason).toBe("bytes-cap");
    expect(calls.stop).toEqual(["q1"]);
    expect(calls.get).toBe(2);
  });

  it("returns an error for Failed and flagged partial results for Cancelled and Timeout", async () => {
    const failed = await runQuery(
      scripted([{ status: "Failed", results: [], statistics: stats() }]).deps,
      REQUEST,
      OPTIONS,
    );
    expect(!failed.ok && failed.error.code).toBe("insights_query_failed");
    const cancelled = await runQuery(
      scripted([{ status: "Cancelled", results: [], statistics: stats() }]).deps,
      REQUEST,
      OPTIONS,
    );
    expect(cancelled.ok && cancelled.value.partialReason).toBe("cancelled");
    const timedOut = await runQuery(
      scripted([{ status: "Timeout", results: [], statistics: stats() }]).deps,
      REQUEST,
      OPTIONS,
    );
    expect(timedOut.ok && timedOut.value.partialReason).toBe("cloudwatch-timeout");
  });

  it("retries throttled GetQueryResults and gives up on other errors with StopQuery", async () => {
    const ok = await runQuery(
      scripted([throttled(), { status: "Complete", results: [], statistics: stats() }]).deps,
      REQUEST,
      OPTIONS,
    );
    expect(ok.ok).toBe(true);
    const s = scripted([new InsightsError("insights_access_denied", "no")]);
    const denied = await runQuery(s.deps, REQUEST, OPTIONS);
    expect(!denied.ok && denied.error.code).toBe("insights_access_denied");
    expect(s.calls.stop).toEqual(["q1"]);
  });

  it("wraps unexpected backend throws as insights_backend errors", async () => {
    const { deps } = scripted([], [new Error("socket hang up")]);
    const result = await runQuery(deps, REQUEST, OPTIONS);
    expect(!result.ok && result.error.code).toBe("insights_backend");
  });

  it("formatBytes uses binary units", () => {
    expect(formatBytes(1.2 * 1024 ** 3)).toBe("1.2 GB");
    expect(formatBytes(512)).toBe("512 B");
  });
});
