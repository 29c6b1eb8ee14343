import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import type { ServiceConfig } from "../../../src/config/schema.js";
import type { ResultRow } from "../../../src/insights/logs-query-backend.js";
import { DEFAULT_SAMPLE_NOW, SAMPLE_IDS } from "../../../src/playground/samples/sample-ids.js";
import { anchorId } from "../../../src/trace/anchor-id.js";
import { mergeTimeline, type ServiceTraceResult } from "../../../src/trace/merge-timeline.js";
import { traceWindows } from "../../../src/trace/trace-windows.js";

/**
 * Runs the trace core over the committed sample logs with a tiny stand-in for Insights (equality on the id
 * fields, substring on @message), proving the samples and klaxon.example.yaml's services fit together.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
interface Event {
  readonly timestamp: number;
  readonly message: string;
  readonly logStreamName: string;
}
const cache = new Map<string, Event[]>();

function events(group: string): Event[] {
  let list = cache.get(group);
  if (!list) {
    const text = readFileSync(`${ROOT}samples/logs${group}.jsonl`, "utf8");
    list = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Event);
    cache.set(group, list);
  }
  return list;
}

function path(obj: unknown, dotted: string): string | undefined {
  let cur: unknown = obj;
  for (const key of dotted.split(".")) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return typeof cur === "string" ? cur : undefined;
}

function runTrace(
  services: Record<string, ServiceConfig>,
  names: readonly string[],
  id: string,
): ServiceTraceResult[] {
  return names.map((name) => {
    const s = services[name];
    if (!s) throw new Error(`no service ${name}`);
    const rows: ResultRow[] = [];
    for (const group of s.logGroups) {
      for (const e of events(group)) {
        if (s.streamFilter && !e.logStreamName.startsWith(s.streamFilter)) continue;
        const parsed: unknown = e.message.startsWith("{") ? JSON.parse(e.message) : undefined;
        const hit = s.idFields.some((f) =>
          f === "@message" ? e.message.includes(id) : path(parsed, f) === id,
        );
        if (!hit) continue;
        const ts = new Date(e.timestamp).toISOString().replace("T", " ").replace("Z", "");
        const fields = [s.messageField, s.levelField].filter(
          (f): f is string => f !== undefined && f !== "@message",
        );
        rows.push([
          { field: "@timestamp", value: ts },
          { field: "@logStream", value: e.logStreamName },
          { field: "@message", value: e.message },
          ...fields.map((f) => ({ field: f, value: path(parsed, f) ?? "" })),
        ]);
      }
    }
    return { service: name, config: s, rows };
  });
}

describe("trace over the sample logs", () => {
  let services: Record<string, ServiceConfig>;
  beforeAll(() => {
    services = loadConfig({ KLAXON_CONFIG: `${ROOT}klaxon.example.yaml` }, "/nonexistent").file.services;
  });

  it("anchors the DynamoAI sample reqId inside the first ±5 min window", () => {
    const a = anchorId(SAMPLE_IDS.dynamoaiReqId, DEFAULT_SAMPLE_NOW);
    if (!a.ok) throw a.error;
    const [first] = traceWindows(a.value, DEFAULT_SAMPLE_NOW);

    expect(a.value.time?.getTime()).toBe(SAMPLE_IDS.dynamoaiReqTime.getTime());
    expect(
      first && first.start <= SAMPLE_IDS.dynamoaiReqTime && first.end >= SAMPLE_IDS.dynamoaiReqTime,
    ).toBe(true);
  });

  it("follows the DynamoAI reqId API → moderation → models, first error in models", () => {
    const t = mergeTimeline(
      runTrace(
        services,
        ["dynamoai-api", "dynamoai-moderation", "dynamoai-models"],
        SAMPLE_IDS.dynamoaiReqId,
      ),
    );

    expect(t.hops.map((h) => `${h.from}>${h.to}`)).toEqual([
      "dynamoai-api>dynamoai-moderation",
      "dynamoai-moderation>dynamoai-models",
    ]);
    expect(t.firstError?.service).toBe("dynamoai-models");
    expect(t.firstError?.message).toMatch(/^CUDA out of memory/);
    expect(t.silentServices).toEqual([]);
  });

  it("follows the TradAI correlation id through backend, strategy-service and the SQS consumer Lambda", () => {
    const t = mergeTimeline(
      runTrace(
        services,
        ["tradai-backend", "tradai-strategy-service", "tradai-sqs-consumer"],
        SAMPLE_IDS.tradaiCorrelationId,
      ),
    );

    expect(t.hops.map((h) => h.to)).toEqual(["tradai-strategy-service", "tradai-sqs-consumer"]);
    expect(t.firstError).toBeUndefined();
    expect(t.entries.some((e) => e.level === "WARNING" && e.message.includes("ReadTimeout"))).toBe(true);
  });

  it("finds the Dynamo trace by trace_id and by x_request_id alike", () => {
    const names = ["dynamo-frontend", "dynamo-worker"];
    const byTrace = mergeTimeline(runTrace(services, names, SAMPLE_IDS.dynamoTraceId));
    const byRequest = mergeTimeline(runTrace(services, names, SAMPLE_IDS.dynamoXRequestId));

    expect(byTrace.counts).toEqual({ "dynamo-frontend": 2, "dynamo-worker": 4 });
    expect(byRequest.counts).toEqual(byTrace.counts);
  });

  it("shows the AxonFlow request's provider timeout as its first error", () => {
    const t = mergeTimeline(runTrace(services, ["axonflow-api"], SAMPLE_IDS.axonflowRequestId));

    expect(t.firstError?.message).toBe("LLM provider call failed");
    expect(t.durationMs).toBeGreaterThan(30_000);
  });
});
