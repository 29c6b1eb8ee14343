import { describe, expect, it } from "vitest";
import type { TemplateConfig } from "../../../src/config/schema.js";
import { type InsightsCommandDeps, runInsightsCommand } from "../../../src/insights/insights-command.js";
import type { LogsQueryBackend, StartQueryInput } from "../../../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../../../src/insights/query-limiter.js";
import { compileTemplates } from "../../../src/insights/validate-templates.js";
import { silentLogger } from "../../../src/shared/logger.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const TEMPLATES: Record<string, TemplateConfig> = {
  "api-request": {
    description: "One request",
    logGroups: ["/aws/containerinsights/dfl/application"],
    query:
      "filter log_processed.metadata.reqId = {{reqId}} | fields @timestamp, log_processed.message | limit 100",
    params: { reqId: { type: "id" } },
    defaultWindow: "1h",
    maxWindow: "1d",
  },
  "ops-only": {
    description: "Restricted",
    logGroups: ["/g"],
    query: "fields @message | limit 5",
    params: {},
    defaultWindow: "1h",
    maxWindow: "7d",
    allowedChannels: ["C-OPS"],
    allowedUserGroups: ["S-SRE"],
  },
};

function setup() {
  const started: StartQueryInput[] = [];
  const backend: LogsQueryBackend = {
    async startQuery(input) {
      started.push(input);
      return "q1";
    },
    async getQueryResults() {
      return {
        status: "Complete",
        results: [
          [
            { field: "@timestamp", value: "2026-11-20 11:59:00.000" },
            { field: "log_processed.message", value: "hello" },
            { field: "@ptr", value: "opaque" },
          ],
          [{ field: "log_processed.message", value: "no timestamp" }],
        ],
        statistics: { recordsMatched: 2, recordsScanned: 35_000, bytesScanned: 1024 ** 3 },
      };
    },
    async stopQuery() {},
  };
  const compiled = compileTemplates(TEMPLATES);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  const deps: InsightsCommandDeps = {
    templates: compiled.value,
    backend,
    limiter: createQueryLimiter(2),
    clock: () => NOW,
    sleep: async () => {},
    logger: silentLogger(),
    limits: { timeoutSeconds: 60, maxBytesScanned: 10 * 1024 ** 3, pollIntervalMs: 10, defaultLimit: 100 },
    region: "us-east-1",
  };
  return { deps, started };
}

const input = (text: string, over: Partial<{ channelId: string; userGroupIds: string[] }> = {}) => ({
  text,
  channelId: "C-GEN",
  userId: "U1",
  userGroupIds: [],
  ...over,
});

describe("runInsightsCommand", () => {
  it("lists only the templates this user may run here when given no text", async () => {
    const { deps } = setup();
    const answer = await runInsightsCommand(deps, input(""));
    expect(answer.kind === "list" && answer.templates.map((t) => t.name)).toEqual(["api-request"]);
    const ops = await runInsightsCommand(deps, input("", { channelId: "C-OPS", userGroupIds: ["S-SRE"] }));
    expect(ops.kind === "list" && ops.templates.map((t) => t.usage)).toEqual([
      "api-request reqId=<id> [window]",
      "ops-only [window]",
    ]);
  });

  it("runs the template with the bound, quoted value and the window", async () => {
    const { deps, started } = setup();
    const answer = await runInsightsCommand(deps, input("api-request reqId=19e555d0-b349 15m"));
    expect(started[0]).toEqual({
      logGroupNames: ["/aws/containerinsights/dfl/application"],
      queryString:
        "filter log_processed.metadata.reqId = '19e555d0-b349' | fields @timestamp, log_processed.message | limit 100",
      startTime: NOW.getTime() / 1000 - 900,
      endTime: NOW.getTime() / 1000,
      limit: 100,
    });
    expect(answer).toMatchObject({
      kind: "result",
      templateName: "api-request",
      columns: ["@timestamp", "log_processed.message"],
      rows: [
        ["2026-11-20 11:59:00.000", "hello"],
        ["", "no timestamp"],
      ],
      status: "Complete",
      partial: false,
    });
    expect(answer.kind === "result" && answer.consoleUrl).toMatch(/#logsV2:logs-insights\$3FqueryDetail/);
  });

  it("answers usage errors for unknown templates, bad params and bad windows without querying", async () => {
    const { deps, started } = setup();
    const unknown = await runInsightsCommand(deps, input("nope"));
    expect(unknown.kind === "usage" && unknown.message).toContain("Available: api-request");
    const injected = await runInsightsCommand(deps, input("api-request reqId=x'|display"));
    expect(injected.kind === "usage" && injected.usage).toBe("/insights api-request reqId=<id> [window]");
    const window = await runInsightsCommand(deps, input("api-request reqId=a 2d"));
    expect(window.kind === "usage" && window.message).toContain("maximum of 1d");
    expect(started).toHaveLength(0);
  });

  it("denies a restricted template outside its channels or user groups", async () => {
    const { deps, started } = setup();
    const wrongChannel = await runInsightsCommand(deps, input("ops-only", { userGroupIds: ["S-SRE"] }));
    expect(wrongChannel.kind).toBe("denied");
    const wrongGroup = await runInsightsCommand(deps, input("ops-only", { channelId: "C-OPS" }));
    expect(wrongGroup.kind === "denied" && wrongGroup.reason).toContain("user groups");
    const allowed = await runInsightsCommand(
      deps,
      input("ops-only", { channelId: "C-OPS", userGroupIds: ["S-SRE"] }),
    );
    expect(allowed.kind).toBe("result");
    expect(started).toHaveLength(1);
  });

  it("turns backend failures into a failed answer with the console link", async () => {
    const { deps } = setup();
    const failing = { ...deps, backend: { ...deps.backend, getQueryResults: deps.backend.getQueryResults } };
    failing.backend.getQueryResults = async () => ({
      status: "Failed",
      results: [],
      statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
    });
    const answer = await runInsightsCommand(failing, input("api-request reqId=a"));
    expect(answer).toMatchObject({ kind: "failed", code: "insights_query_failed" });
  });
});
