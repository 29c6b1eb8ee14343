import { describe, expect, it } from "vitest";
import type { ResultRow } from "../../../src/insights/logs-query-backend.js";
import { mergeTimeline, type TimelineService } from "../../../src/trace/merge-timeline.js";
import { parseInsightsTimestamp } from "../../../src/trace/timeline-fields.js";

const DYNAMOAI: TimelineService = {
  messageField: "log_processed.message",
  levelField: "log_processed.level",
  errorLevels: ["error", "ERROR"],
  errorPattern: "ERROR|Exception|Traceback",
};
const TRADAI: TimelineService = {
  messageField: "@message",
  errorLevels: ["ERROR"],
  errorPattern: "ERROR|Exception|Traceback",
};
const GROUP = "123456789012:/aws/containerinsights/dfl-prod-default-eks/application";

function row(ts: string, stream: string, message: string, level?: string): ResultRow {
  return [
    { field: "@timestamp", value: ts },
    { field: "@logStream", value: stream },
    { field: "@log", value: GROUP },
    { field: "log_processed.message", value: message },
    ...(level === undefined ? [] : [{ field: "log_processed.level", value: level }]),
    { field: "@ptr", value: "CmAKJwojMTIzNDU2Nzg5MDEyOi9hd3MvY29udGFpbmVyaW5zaWdodHM" },
  ];
}

const API = "dynamoai-api-56fcf74495-q7wzn.dynamoai-api";
const MOD = "dynamoai-moderation-5bdc4cb97d-m2vxp.dynamoai-moderation";
const TOX = "model-toxicity-7c4b8d9f6-p9t3w.model-server";

/** The well-known DynamoAI request, as three Insights queries would return it (each sorted asc). */
const dynamoaiResults = [
  {
    service: "dynamoai-api",
    config: DYNAMOAI,
    limit: 500,
    rows: [
      row("2026-11-20 11:35:04.321", API, "Incoming request POST /v1/moderation/analyze", "info"),
      row("2026-11-20 11:35:04.323", API, "Forwarding to moderation server with 2 policies", "info"),
      row(
        "2026-11-20 11:35:05.340",
        API,
        "Analyze request failed: upstream moderation error POST /v1/moderation/analyze 502",
        "error",
      ),
    ],
  },
  {
    service: "dynamoai-moderation",
    config: DYNAMOAI,
    rows: [
      row("2026-11-20 11:35:04.325", MOD, "Received analyze request with 2 policies", "info"),
      row(
        "2026-11-20 11:35:05.338",
        MOD,
        "Model toxicity-v3 request failed: 503 Service Unavailable (attempt 3/3)",
        "error",
      ),
    ],
  },
  {
    service: "dynamoai-models",
    config: DYNAMOAI,
    rows: [
      row("2026-11-20 11:35:04.365", TOX, "Inference started model=toxicity-v3 input_tokens=808", "info"),
      row(
        "2026-11-20 11:35:05.336",
        TOX,
        "CUDA out of memory. Tried to allocate 2.50 GiB (GPU 0; 22.05 GiB total capacity)",
        "error",
      ),
    ],
  },
  { service: "dynamoai-mongodb", config: DYNAMOAI, rows: [] },
];

describe("mergeTimeline", () => {
  it("orders every service's lines by time with offsets from the first line", () => {
    const t = mergeTimeline(dynamoaiResults);

    expect(t.entries.map((e) => [e.service, e.offsetMs])).toEqual([
      ["dynamoai-api", 0],
      ["dynamoai-api", 2],
      ["dynamoai-moderation", 4],
      ["dynamoai-models", 44],
      ["dynamoai-models", 1015],
      ["dynamoai-moderation", 1017],
      ["dynamoai-api", 1019],
    ]);
    expect(t.start?.toISOString()).toBe("2026-11-20T11:35:04.321Z");
    expect(t.durationMs).toBe(1019);
    expect(t.entries[0]?.logGroup).toBe("/aws/containerinsights/dfl-prod-default-eks/application");
    expect(t.entries[0]?.stream).toBe(API);
  });

  it("measures each hop from the caller's last line before the callee's first line", () => {
    const t = mergeTimeline(dynamoaiResults);

    expect(t.hops.map((h) => [h.from, h.to, h.latencyMs])).toEqual([
      ["dynamoai-api", "dynamoai-moderation", 2],
      ["dynamoai-moderation", "dynamoai-models", 40],
    ]);
  });

  it("reports the first error, counts per service and the services that logged nothing", () => {
    const t = mergeTimeline(dynamoaiResults);

    expect(t.firstError?.service).toBe("dynamoai-models");
    expect(t.firstError?.message).toMatch(/^CUDA out of memory/);
    expect(t.counts).toEqual({
      "dynamoai-api": 3,
      "dynamoai-moderation": 2,
      "dynamoai-models": 2,
      "dynamoai-mongodb": 0,
    });
    expect(t.silentServices).toEqual(["dynamoai-mongodb"]);
    expect(t.services.find((s) => s.service === "dynamoai-api")?.errorCount).toBe(1);
  });

  it("uses the error pattern and infers the level for plain-text services without a level field", () => {
    const line = (ts: string, text: string): ResultRow => [
      { field: "@timestamp", value: ts },
      { field: "@message", value: text },
    ];
    const t = mergeTimeline([
      {
        service: "tradai-backend",
        config: TRADAI,
        rows: [
          line(
            "2026-11-20 11:20:02.750",
            "2026-11-20 11:20:02,750 - tradai.backend.api - INFO - [correlation_id=c1] POST /api/v1/backtests",
          ),
        ],
      },
      {
        service: "tradai-strategy-service",
        config: TRADAI,
        rows: [
          line(
            "2026-11-20 11:20:07.772",
            "2026-11-20 11:20:07,772 - tradai.strategy.mlflow - WARNING - [correlation_id=c1] ReadTimeout, retrying (1/3)",
          ),
          line(
            "2026-11-20 11:20:09.001",
            "2026-11-20 11:20:09,001 - tradai.strategy.mlflow - ERROR - [correlation_id=c1] ConnectionError: Max retries exceeded",
          ),
        ],
      },
      { service: "tradai-sqs-consumer", config: TRADAI, rows: [] },
    ]);

    expect(t.entries.map((e) => e.level)).toEqual(["INFO", "WARNING", "ERROR"]);
    expect(t.firstError?.message).toContain("ConnectionError");
    expect(t.silentServices).toEqual(["tradai-sqs-consumer"]);
    expect(t.hops[0]?.latencyMs).toBe(5022);
  });

  it("keeps input service order for equal timestamps and flags a service that hit the row limit", () => {
    const same = "2026-11-20 11:00:00.000";
    const t = mergeTimeline([
      { service: "b", config: DYNAMOAI, rows: [row(same, "b-1", "from b", "info")], limit: 1 },
      { service: "a", config: DYNAMOAI, rows: [row(same, "a-1", "from a", "info")] },
    ]);

    expect(t.entries.map((e) => e.service)).toEqual(["b", "a"]);
    expect(t.services[0]?.truncated).toBe(true);
    expect(t.warnings).toContain("b: the row limit was reached, so later lines may be missing.");
  });

  it("leaves out rows without a readable timestamp and says how many", () => {
    const t = mergeTimeline([
      {
        service: "a",
        config: DYNAMOAI,
        rows: [row("yesterday", "a-1", "x", "info"), row("2026-11-20 11:00:00.5", "a-1", "y", "info")],
      },
    ]);

    expect(t.entries.map((e) => e.message)).toEqual(["y"]);
    expect(t.entries[0]?.time.toISOString()).toBe("2026-11-20T11:00:00.500Z");
    expect(t.warnings).toEqual(["a: 1 line(s) without a readable @timestamp were left out."]);
  });

  it("falls back to level-only errors and warns when a service's error pattern is not a regex", () => {
    const t = mergeTimeline([
      {
        service: "x",
        config: { messageField: "@message", errorLevels: ["ERROR"], errorPattern: "(" },
        rows: [
          [
            { field: "@timestamp", value: "2026-11-20 11:00:00.000" },
            { field: "@message", value: "ERROR boom" },
          ],
        ],
      },
    ]);

    expect(t.firstError).toBeUndefined();
    expect(t.warnings[0]).toContain("services.x.errorPattern");
  });

  it("returns an empty timeline when nothing matched anywhere", () => {
    const t = mergeTimeline([{ service: "a", config: DYNAMOAI, rows: [] }]);

    expect(t).toMatchObject({ entries: [], hops: [], durationMs: 0, silentServices: ["a"] });
    expect(t.start).toBeUndefined();
  });
});

describe("parseInsightsTimestamp", () => {
  it.each([
    ["2022-05-01 12:00:40.919", Date.UTC(2022, 4, 1, 12, 0, 40, 919)],
    ["2022-05-01 12:00:40", Date.UTC(2022, 4, 1, 12, 0, 40)],
    ["2022-05-01T12:00:40.919Z", Date.UTC(2022, 4, 1, 12, 0, 40, 919)],
    ["2022-05-01T14:00:40.919+02:00", Date.UTC(2022, 4, 1, 12, 0, 40, 919)],
    ["1651406440919", 1651406440919],
  ])("reads %s", (text, ms) => {
    expect(parseInsightsTimestamp(text)).toBe(ms);
  });

  it("reads zone-less times as UTC, never the server's local time, and refuses other text", () => {
    expect(parseInsightsTimestamp("2022-05-01T12:00:40")).toBe(Date.UTC(2022, 4, 1, 12, 0, 40));
    expect(parseInsightsTimestamp("May 1 2022 12:00")).toBeUndefined();
    expect(parseInsightsTimestamp(undefined)).toBeUndefined();
  });
});
