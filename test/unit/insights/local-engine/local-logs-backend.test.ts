import { describe, expect, it } from "vitest";
import { InsightsError } from "../../../../src/insights/errors.js";
import {
  createLocalLogsBackend,
  listLogGroups,
} from "../../../../src/insights/local-engine/local-logs-backend.js";
import {
  AXONFLOW_GROUP,
  asObjects,
  DYNAMO_GROUP,
  FIXTURE_START,
  LOGS_DIR,
  runLocalQuery,
  TRADAI_GROUP,
} from "./run-local-query.js";

describe("local engine on DynamoAI-style container logs", () => {
  it("answers the seed reqId query with nested fields, oldest first", async () => {
    // Act
    const results = await runLocalQuery(
      DYNAMO_GROUP,
      `filter @logStream like /dynamoai-api-.*/
       | filter log_processed.metadata.reqId = '19e555d0-b349-11f0-9ee0-09606a1108f9'
       | fields @timestamp, log_processed.message
       | sort @timestamp asc
       | limit 1000`,
    );

    // Assess
    expect(results.status).toBe("Complete");
    expect(asObjects(results)).toEqual([
      { "@timestamp": "2025-12-08 10:00:00.100", "log_processed.message": "request start" },
      { "@timestamp": "2025-12-08 10:01:00.200", "log_processed.message": "model lookup failed" },
    ]);
    expect(results.statistics).toEqual({ recordsScanned: 5, recordsMatched: 2, bytesScanned: 702 });
  });

  it("returns every discovered field, newest first, when the query has no fields and no sort", async () => {
    // Act
    const results = await runLocalQuery(DYNAMO_GROUP, "filter log_processed.level = 'info' | limit 1");

    // Assess
    expect(asObjects(results)).toEqual([
      {
        "@timestamp": "2025-12-08 10:04:00.500",
        "@message":
          '{"log_processed":{"attack_id":"691bc0098fec174bf9ca81ad","logger":"attack","level":"info","event":"attack started"}}',
        "@logStream": "scaled-job-cpu-1-2-t86sv-scszp.redis-client",
        "@log": "000000000000:/aws/containerinsights/dfl-prod-default-eks/application",
        "@ingestionTime": "2025-12-08 10:04:01.500",
        "log_processed.attack_id": "691bc0098fec174bf9ca81ad",
        "log_processed.logger": "attack",
        "log_processed.level": "info",
        "log_processed.event": "attack started",
      },
    ]);
  });

  it("keeps only events inside the inclusive time range and counts only those as scanned", async () => {
    // Act
    const results = await runLocalQuery(DYNAMO_GROUP, "fields @timestamp | sort @timestamp asc", {
      startTime: FIXTURE_START + 60,
      endTime: FIXTURE_START + 179,
    });

    // Assess
    expect(asObjects(results)).toEqual([
      { "@timestamp": "2025-12-08 10:01:00.200" },
      { "@timestamp": "2025-12-08 10:02:00.300" },
    ]);
    expect(results.statistics.recordsScanned).toBe(2);
  });
});

describe("local engine on TradAI-style text logs", () => {
  it("filters with a regex like, sorts newest first and limits", async () => {
    // Act
    const results = await runLocalQuery(
      TRADAI_GROUP,
      "fields @timestamp, @message | filter @message like /ERROR|Exception/ | sort @timestamp desc | limit 2",
    );

    // Assess
    expect(asObjects(results)).toEqual([
      {
        "@timestamp": "2025-12-08 10:08:00.000",
        "@message":
          "2025-12-08 10:08:00 ERROR ValueError raised in handler\nTraceback (most recent call last): Exception",
      },
      {
        "@timestamp": "2025-12-08 10:06:00.000",
        "@message": "2025-12-08 10:06:00 ERROR TimeoutError: timeout after 30.5 seconds",
      },
    ]);
    expect(results.statistics.recordsMatched).toBe(3);
  });

  it("counts errors by bin(5m), oldest bucket first", async () => {
    // Act
    const results = await runLocalQuery(
      TRADAI_GROUP,
      "filter @message like /ERROR/ | stats count(*) as errors by bin(5m)",
    );

    // Assess
    expect(asObjects(results)).toEqual([
      { "bin(5m)": "2025-12-08 10:00:00.000", errors: "1" },
      { "bin(5m)": "2025-12-08 10:05:00.000", errors: "2" },
    ]);
  });

  it("parses with a glob and with a named-group regex, then groups by the parsed fields", async () => {
    // Act
    const glob = await runLocalQuery(
      TRADAI_GROUP,
      'parse @message "* * * *" as date, time, level, rest | stats count(*) by level | sort count(*) desc, level asc',
    );
    const regex = await runLocalQuery(
      TRADAI_GROUP,
      "parse @message /(?<method>POST|GET)\\s+(?<path>[^\\s]+)\\s+(?<status>\\d{3})/ | filter ispresent(path) | stats count(*) by path, status | sort count(*) desc",
    );

    // Assess
    expect(asObjects(glob)).toEqual([
      { level: "ERROR", "count(*)": "3" },
      { level: "INFO", "count(*)": "3" },
      { level: "WARNING", "count(*)": "1" },
    ]);
    expect(asObjects(regex)).toEqual([
      { path: "/api/v1/strategies", status: "200", "count(*)": "2" },
      { path: "/api/v1/backtests", status: "201", "count(*)": "1" },
    ]);
  });

  it("groups messages into masked patterns with counts and ratios", async () => {
    // Act
    const results = await runLocalQuery(TRADAI_GROUP, "filter @message like /INFO/ | pattern @message");

    // Assess
    expect(asObjects(results)).toEqual([
      { "@pattern": "<*> <*> INFO GET /api/v1/strategies <*>", "@ratio": "0.6667", "@sampleCount": "2" },
      {
        "@pattern": "<*> <*> INFO POST /api/v1/backtests <*> correlation_id=c-<*>",
        "@ratio": "0.3333",
        "@sampleCount": "1",
      },
    ]);
  });
});

describe("local engine on AxonFlow-style JSON lines", () => {
  it("computes latency percentiles per model (nearest rank) and sorts by them", async () => {
    // Act
    const results = await runLocalQuery(
      AXONFLOW_GROUP,
      "filter ispresent(latency_ms) and ispresent(model) | stats percentile(latency_ms, 50) as p50, pct(latency_ms, 95) as p95, count(*) as requests by model | sort p95 desc",
    );

    // Assess
    expect(asObjects(results)).toEqual([
      { model: "gpt-4o", p50: "150", p95: "5500", requests: "3" },
      { model: "claude-sonnet-4", p50: "300", p95: "1000", requests: "5" },
    ]);
    expect(results.statistics.recordsScanned).toBe(8);
  });

  it("computes count_distinct, avg and the p90 shorthand over the whole range", async () => {
    // Act
    const results = await runLocalQuery(
      AXONFLOW_GROUP,
      "stats count_distinct(organization_id) as orgs, count_distinct(model) as models, avg(latency_ms), p90(latency_ms), sum(tokens_used) as tokens",
    );

    // Assess
    expect(asObjects(results)).toEqual([
      { orgs: "2", models: "2", "avg(latency_ms)": "962.5", "p90(latency_ms)": "5500", tokens: "8280" },
    ]);
  });

  it("dedups on a field combination", async () => {
    // Act
    const results = await runLocalQuery(
      AXONFLOW_GROUP,
      "fields organization_id, model | sort organization_id asc, model asc | dedup organization_id, model",
    );

    // Assess
    expect(asObjects(results)).toEqual([
      { organization_id: "org-a", model: "claude-sonnet-4" },
      { organization_id: "org-a", model: "gpt-4o" },
      { organization_id: "org-b", model: "claude-sonnet-4" },
      { organization_id: "org-b", model: "gpt-4o" },
    ]);
  });

  it("runs the seed error-rate query: strcontains inside sum, display arithmetic after stats, sort by the bin", async () => {
    // Act
    const results = await runLocalQuery(
      AXONFLOW_GROUP,
      `filter level = "error" OR level = "info"
       | stats count(*) as total, sum(strcontains(level, 'error')) as errors by bin(5m)
       | display @timestamp, errors, total, (errors * 100.0 / total) as error_rate_pct
       | sort @timestamp desc`,
    );

    // Assess
    expect(asObjects(results)).toEqual([
      {
        "@timestamp": "2025-12-08 10:10:00.000",
        errors: "1",
        total: "3",
        error_rate_pct: "33.333333333333336",
      },
      { "@timestamp": "2025-12-08 10:05:00.000", errors: "0", total: "2", error_rate_pct: "0" },
      { "@timestamp": "2025-12-08 10:00:00.000", errors: "0", total: "3", error_rate_pct: "0" },
    ]);
  });

  it("filters booleans and numbers from JSON fields", async () => {
    // Act
    const blocked = await runLocalQuery(
      AXONFLOW_GROUP,
      "filter blocked = true | fields request_id, policy_id",
    );
    const slow = await runLocalQuery(
      AXONFLOW_GROUP,
      "filter latency_ms > 500 | fields request_id | sort latency_ms desc",
    );

    // Assess
    expect(asObjects(blocked)).toEqual([{ request_id: "req-3", policy_id: "pii-block" }]);
    expect(asObjects(slow)).toEqual([{ request_id: "req-5" }, { request_id: "req-6" }]);
  });
});

describe("createLocalLogsBackend", () => {
  it("maps file paths and sidecars to log group names", async () => {
    // Act
    const groups = await listLogGroups(LOGS_DIR);

    // Assess
    expect([...groups.keys()].sort()).toEqual([
      "/aws/containerinsights/dfl-prod-default-eks/application",
      "/axonflow/production/orchestrator",
      "/custom/sidecar-group",
      "/ecs/tradai-backend-prod",
    ]);
  });

  it("reads a {events:[…]} export file and reports Running before Complete", async () => {
    // Prepare
    const backend = createLocalLogsBackend({ logsDir: LOGS_DIR, clock: () => new Date(0) });

    // Act
    const id = await backend.startQuery({
      logGroupNames: ["/custom/sidecar-group"],
      queryString: "fields @message, @logStream",
      startTime: FIXTURE_START,
      endTime: FIXTURE_START + 3600,
    });
    const first = await backend.getQueryResults(id);
    let last = first;
    while (last.status === "Running") {
      await new Promise((resolve) => setTimeout(resolve, 1));
      last = await backend.getQueryResults(id);
    }

    // Assess
    expect(first.status).toBe("Running");
    expect(last.status).toBe("Complete");
    expect(asObjects(last)).toEqual([{ "@message": "hello from sidecar group", "@logStream": "s1" }]);
    expect(last.statistics).toEqual({ recordsScanned: 1, recordsMatched: 1, bytesScanned: 24 });
  });

  it("rejects an unknown log group with insights_log_group_not_found naming it", async () => {
    // Prepare
    const backend = createLocalLogsBackend({ logsDir: LOGS_DIR, clock: () => new Date(0) });

    // Act
    const start = backend.startQuery({
      logGroupNames: ["/nope"],
      queryString: "fields @message",
      startTime: 0,
      endTime: 1,
    });

    // Assess
    await expect(start).rejects.toBeInstanceOf(InsightsError);
    await expect(start).rejects.toMatchObject({
      code: "insights_log_group_not_found",
      message: expect.stringContaining("/nope"),
    });
  });

  it("rejects a malformed query with its line and column, and an unknown function", async () => {
    // Prepare
    const backend = createLocalLogsBackend({ logsDir: LOGS_DIR, clock: () => new Date(0) });
    const input = { logGroupNames: [TRADAI_GROUP], startTime: 0, endTime: 1 };

    // Act
    const malformed = backend.startQuery({ ...input, queryString: "fields @message\n| fitler x" });
    const unknown = backend.startQuery({ ...input, queryString: "fields nosuch(@message)" });

    // Assess
    await expect(malformed).rejects.toMatchObject({
      code: "insights_malformed_query",
      message: expect.stringContaining("line 2, column 3"),
    });
    await expect(unknown).rejects.toMatchObject({
      code: "insights_malformed_query",
      message: expect.stringContaining("nosuch"),
    });
  });
});

describe("local engine SOURCE forms", () => {
  it("reads the groups SOURCE names outright, and those logGroups(namePrefix) selects", async () => {
    // Prepare
    const backend = createLocalLogsBackend({
      logsDir: LOGS_DIR,
      clock: () => new Date(FIXTURE_START * 1000),
    });
    const run = async (queryString: string) => {
      const id = await backend.startQuery({
        logGroupNames: [],
        queryString,
        startTime: FIXTURE_START,
        endTime: FIXTURE_START + 3600,
      });
      for (;;) {
        const r = await backend.getQueryResults(id);
        if (r.status !== "Running") return asObjects(r);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };

    // Act
    const named = await run(`SOURCE '${TRADAI_GROUP}' | stats count(*) as n by @log`);
    const prefixed = await run("SOURCE logGroups(namePrefix: ['/axonflow']) | stats count(*) as n by @log");

    // Assess
    expect(named.map((r) => r["@log"])).toEqual([`000000000000:${TRADAI_GROUP}`]);
    expect(prefixed.map((r) => r["@log"])).toEqual([`000000000000:${AXONFLOW_GROUP}`]);
  });
});

describe("local engine JSON field discovery on demand", () => {
  it("lets a field set by fields win over the JSON key of the same name, and still finds the others", async () => {
    // Act
    const results = await runLocalQuery(
      AXONFLOW_GROUP,
      "filter ispresent(request_id) | fields 'override' as level | display level, request_id | limit 1",
    );

    // Assess
    const rows = asObjects(results);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.level).toBe("override");
    expect(rows[0]?.request_id).toMatch(/.+/);
  });
});
