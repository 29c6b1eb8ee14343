import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCloudWatchLogsBackend } from "../../src/insights/cloudwatch-logs-backend.js";
import { runQuery } from "../../src/insights/run-query.js";
import { silentLogger } from "../../src/shared/logger.js";
import {
  type FakeCloudWatchLogsServer,
  startFakeCloudWatchLogsServer,
} from "../fakes/fake-cloudwatch-logs-server.js";

const OPTIONS = { timeoutMs: 60_000, pollIntervalMs: 1000, maxBytesScanned: 1_000_000 };
const REQUEST = {
  logGroupNames: ["/axonflow/production"],
  queryString: "fields @timestamp, @message | limit 10",
  startTime: 1_790_000_000,
  endTime: 1_790_003_600,
  limit: 100,
};

let fake: FakeCloudWatchLogsServer;
let client: CloudWatchLogsClient;

/** A fake clock that the injected sleep advances, so polling and backoff cost no wall time. */
function virtualTime() {
  let now = Date.UTC(2026, 10, 20, 12, 0, 0);
  const sleeps: number[] = [];
  return {
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

function deps() {
  const time = virtualTime();
  return {
    time,
    deps: {
      backend: createCloudWatchLogsBackend({ client }),
      clock: time.clock,
      sleep: time.sleep,
      logger: silentLogger(),
      random: () => 0.5,
    },
  };
}

beforeAll(async () => {
  fake = await startFakeCloudWatchLogsServer();
  // maxAttempts 1: the runner owns retries, so the SDK must not retry (and wait) on its own.
  client = new CloudWatchLogsClient({
    endpoint: fake.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake-secret" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await fake.close();
});

beforeEach(() => fake.reset());

describe("runQuery through the real CloudWatchLogsClient against the fake endpoint", () => {
  it("walks Scheduled → Running → Complete and returns the rows and statistics", async () => {
    // Prepare
    const row = [
      { field: "@timestamp", value: "2026-11-20 11:59:00.000" },
      { field: "@message", value: "hello" },
    ];
    fake.setSteps([
      { status: "Scheduled" },
      { status: "Running", results: [row], statistics: { bytesScanned: 10 } },
      {
        status: "Complete",
        results: [row, row],
        statistics: { recordsMatched: 2, recordsScanned: 50, bytesScanned: 900 },
      },
    ]);
    const { deps: d } = deps();
    // Act
    const result = await runQuery(d, REQUEST, OPTIONS);
    // Assess
    expect(result.ok && result.value).toMatchObject({
      status: "Complete",
      partial: false,
      statistics: { recordsMatched: 2, recordsScanned: 50, bytesScanned: 900 },
    });
    expect(result.ok && result.value.results).toHaveLength(2);
    expect(fake.getQueryResultsCalls).toHaveLength(3);
    expect(fake.startQueries[0]).toMatchObject({
      logGroupNames: ["/axonflow/production"],
      queryString: REQUEST.queryString,
      startTime: REQUEST.startTime,
      endTime: REQUEST.endTime,
      limit: 100,
    });
  });

  it("returns a query_failed error when CloudWatch reports Failed", async () => {
    fake.setSteps([{ status: "Running" }, { status: "Failed" }]);
    const result = await runQuery(deps().deps, REQUEST, OPTIONS);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe("insights_query_failed");
  });

  it("calls StopQuery and returns flagged partial results when the timeout passes", async () => {
    fake.setSteps([{ status: "Running", results: [[{ field: "@message", value: "early" }]] }]);
    const result = await runQuery(deps().deps, REQUEST, { ...OPTIONS, timeoutMs: 10_000 });
    expect(result.ok && result.value).toMatchObject({ partial: true, partialReason: "timeout" });
    expect(result.ok && result.value.results).toHaveLength(1);
    expect(fake.stopQueryCalls).toEqual([fake.startQueries[0]?.queryId]);
  });

  it("retries StartQuery after ThrottlingException and LimitExceededException", async () => {
    fake.fail({ operation: "StartQuery", name: "ThrottlingException", times: 2 });
    fake.fail({ operation: "StartQuery", name: "LimitExceededException", times: 1 });
    const { deps: d, time } = deps();
    const result = await runQuery(d, REQUEST, OPTIONS);
    expect(result.ok && result.value.status).toBe("Complete");
    expect(fake.startQueries).toHaveLength(1);
    // Three backoff waits before the successful start, then one poll interval.
    expect(time.sleeps.length).toBe(4);
  });

  it("gives up with a retryable throttling error after the bounded attempts", async () => {
    fake.fail({ operation: "StartQuery", name: "LimitExceededException", times: 10 });
    const result = await runQuery(deps().deps, REQUEST, { ...OPTIONS, maxStartAttempts: 3 });
    expect(!result.ok && result.error).toMatchObject({ code: "insights_throttled", retryable: true });
    expect(fake.startQueries).toHaveLength(0);
  });

  it("stops the query once bytes scanned exceed the cap", async () => {
    fake.setSteps([
      { status: "Running", statistics: { bytesScanned: 500_000 } },
      { status: "Running", statistics: { bytesScanned: 2_000_000 } },
      { status: "Complete", statistics: { bytesScanned: 9_000_000 } },
    ]);
    const result = await runQuery(deps().deps, REQUEST, OPTIONS);
    expect(result.ok && result.value).toMatchObject({ partial: true, partialReason: "bytes-cap" });
    expect(result.ok && result.value.note).toContain("cap");
    expect(fake.stopQueryCalls).toEqual([fake.startQueries[0]?.queryId]);
  });

  it("maps ResourceNotFoundException to a message naming the log group", async () => {
    fake.fail({
      operation: "StartQuery",
      name: "ResourceNotFoundException",
      message: "Log group '/axonflow/production' does not exist for account ID '123456789012'",
      times: 1,
    });
    const result = await runQuery(deps().deps, REQUEST, OPTIONS);
    expect(!result.ok && result.error.code).toBe("insights_log_group_not_found");
    expect(!result.ok && result.error.message).toContain("Log group /axonflow/production not found");
  });

  it("maps AccessDeniedException to an IAM hint naming logs:StartQuery", async () => {
    fake.fail({
      operation: "StartQuery",
      name: "AccessDeniedException",
      message: "not authorized",
      times: 1,
    });
    const result = await runQuery(deps().deps, REQUEST, OPTIONS);
    expect(!result.ok && result.error.code).toBe("insights_access_denied");
    expect(!result.ok && result.error.message).toContain("logs:StartQuery");
  });

  it("passes MalformedQueryException's compile error through", async () => {
    fake.fail({
      operation: "StartQuery",
      name: "MalformedQueryException",
      message: "bad query",
      extra: {
        queryCompileError: {
          location: { startCharOffset: 7, endCharOffset: 9 },
          message: "unexpected symbol",
        },
      },
      times: 1,
    });
    const result = await runQuery(deps().deps, REQUEST, OPTIONS);
    expect(!result.ok && result.error.code).toBe("insights_malformed_query");
    expect(!result.ok && result.error.message).toContain("unexpected symbol");
  });
});
