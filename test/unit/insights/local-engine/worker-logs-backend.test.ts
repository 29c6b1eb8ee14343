import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InsightsError } from "../../../../src/insights/errors.js";
import { createLocalLogsBackend } from "../../../../src/insights/local-engine/local-logs-backend.js";
import {
  createWorkerLogsBackend,
  type WorkerLogsBackend,
} from "../../../../src/insights/local-engine/worker-logs-backend.js";
import type { LogsQueryBackend, QueryResults } from "../../../../src/insights/logs-query-backend.js";
import { DYNAMO_GROUP, FIXTURE_START, LOGS_DIR } from "./run-local-query.js";

const clock = () => new Date(FIXTURE_START * 1000);
const QUERY =
  "filter log_processed.level = 'info' | stats count(*) as n by log_processed.logger | sort n desc";

async function run(backend: LogsQueryBackend, queryString: string): Promise<QueryResults> {
  const id = await backend.startQuery({
    logGroupNames: [DYNAMO_GROUP],
    queryString,
    startTime: FIXTURE_START,
    endTime: FIXTURE_START + 3600,
  });
  for (;;) {
    const results = await backend.getQueryResults(id);
    if (results.status !== "Running") return results;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function thrown(promise: Promise<unknown>): Promise<InsightsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InsightsError)) throw new Error(`expected an InsightsError, got ${String(error)}`);
  return error;
}

describe("createWorkerLogsBackend", () => {
  let backend: WorkerLogsBackend;

  beforeAll(() => {
    backend = createWorkerLogsBackend({ logsDir: LOGS_DIR, clock });
  });

  afterAll(async () => {
    await backend.close();
  });

  it("answers a query from its worker thread exactly as the engine does in-thread", async () => {
    // Prepare
    const inThread = await run(createLocalLogsBackend({ logsDir: LOGS_DIR, clock }), QUERY);

    // Act
    const results = await run(backend, QUERY);

    // Assess
    expect(results.status).toBe("Complete");
    expect(results.results.length).toBeGreaterThan(0);
    expect(results).toEqual(inThread);
  });

  it("turns the engine's errors back into InsightsErrors with their codes", async () => {
    const malformed = await thrown(run(backend, "fields @message | stats count(*) by"));
    const missing = await thrown(
      backend.startQuery({
        logGroupNames: ["/no/such/group"],
        queryString: "fields @message",
        startTime: 0,
        endTime: 1,
      }),
    );
    const unknown = await thrown(backend.getQueryResults("no-such-query"));

    expect(malformed.code).toBe("insights_malformed_query");
    expect(missing.code).toBe("insights_log_group_not_found");
    expect(missing.message).toMatch(/Available: .*\/aws\/containerinsights/);
    expect(unknown.code).toBe("insights_backend");
  });

  it("stops a query on request", async () => {
    const id = await backend.startQuery({
      logGroupNames: [DYNAMO_GROUP],
      queryString: QUERY,
      startTime: FIXTURE_START,
      endTime: FIXTURE_START + 3600,
    });

    await backend.stopQuery(id);
    const results = await backend.getQueryResults(id);

    expect(results.status).toBe("Cancelled");
  });

  it("refuses calls after close with an InsightsError", async () => {
    const closed = createWorkerLogsBackend({ logsDir: LOGS_DIR, clock });
    await closed.close();

    const error = await thrown(closed.getQueryResults("x"));

    expect(error.code).toBe("insights_backend");
  });
});
