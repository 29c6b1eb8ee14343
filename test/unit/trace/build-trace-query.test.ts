import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import type { ServiceConfig } from "../../../src/config/schema.js";
import { type AnchoredId, anchorId } from "../../../src/trace/anchor-id.js";
import { buildTraceQuery } from "../../../src/trace/build-trace-query.js";

const EXAMPLE = fileURLToPath(new URL("../../../klaxon.example.yaml", import.meta.url));
const NOW = new Date("2025-10-28T00:00:00Z");
const TAIL = "sort @timestamp asc | limit 500";

function id(raw: string, now: Date = NOW): AnchoredId {
  const r = anchorId(raw, now);
  if (!r.ok) throw r.error;
  return r.value;
}

describe("buildTraceQuery", () => {
  let services: Record<string, ServiceConfig>;
  beforeAll(() => {
    services = loadConfig({ KLAXON_CONFIG: EXAMPLE }, "/nonexistent").file.services;
  });

  function query(service: string, anchor: AnchoredId): string {
    const config = services[service];
    if (!config) throw new Error(`klaxon.example.yaml has no service ${service}`);
    const r = buildTraceQuery(service, config, anchor);
    if (!r.ok) throw r.error;
    return r.value.queryString;
  }

  it("matches the DynamoAI seed query for the API: stream prefix and log_processed.metadata.reqId", () => {
    const r = buildTraceQuery(
      "dynamoai-api",
      services["dynamoai-api"] as ServiceConfig,
      id("19e555d0-b349-11f0-9ee0-09606a1108f9"),
    );

    expect(r.ok && r.value.logGroupNames).toEqual([
      "/aws/containerinsights/dfl-prod-default-eks/application",
    ]);
    expect(r.ok && r.value.queryString).toBe(
      "fields @timestamp, @logStream, @log, log_processed.message, log_processed.level" +
        " | filter @logStream like /^dynamoai-api-/" +
        " | filter log_processed.metadata.reqId = '19e555d0-b349-11f0-9ee0-09606a1108f9'" +
        ` | ${TAIL}`,
    );
  });

  it("uses trace_id for moderation and request_id for the models", () => {
    const reqId = id("19e555d0-b349-11f0-9ee0-09606a1108f9");

    expect(query("dynamoai-moderation", reqId)).toBe(
      "fields @timestamp, @logStream, @log, log_processed.message, log_processed.level" +
        " | filter @logStream like /^dynamoai-moderation-/" +
        ` | filter trace_id = '19e555d0-b349-11f0-9ee0-09606a1108f9' | ${TAIL}`,
    );
    expect(query("dynamoai-models", reqId)).toBe(
      "fields @timestamp, @logStream, @log, log_processed.message, log_processed.level" +
        " | filter @logStream like /^model-/" +
        ` | filter request_id = '19e555d0-b349-11f0-9ee0-09606a1108f9' | ${TAIL}`,
    );
  });

  it("searches TradAI's raw @message for the correlation id as a substring, in the expanded log group", () => {
    const cid = id("7d1f3b9a-4c2e-4e8b-9f6a-2b5c8d0e1a37");
    const r = buildTraceQuery("tradai-sqs-consumer", services["tradai-sqs-consumer"] as ServiceConfig, cid);

    expect(query("tradai-backend", cid)).toBe(
      `fields @timestamp, @logStream, @log, @message | filter @message like '7d1f3b9a-4c2e-4e8b-9f6a-2b5c8d0e1a37' | ${TAIL}`,
    );
    expect(r.ok && r.value.logGroupNames).toEqual(["/aws/lambda/tradai-sqs-consumer-prod"]);
  });

  it("ORs Dynamo's trace_id and x_request_id", () => {
    expect(query("dynamo-worker", id("b672ccf48683b392891c5cb4163d4b51"))).toBe(
      "fields @timestamp, @logStream, @log, message, level" +
        " | filter trace_id = 'b672ccf48683b392891c5cb4163d4b51' or x_request_id = 'b672ccf48683b392891c5cb4163d4b51'" +
        ` | ${TAIL}`,
    );
  });

  it("searches both spellings of an X-Ray trace id", () => {
    const xray = id("1-5759e988-bd862e3fe1be46a994272793", new Date("2016-06-10T00:00:00Z"));

    expect(query("axonflow-api", xray)).toBe(
      "fields @timestamp, @logStream, @log, message, level" +
        " | filter request_id = '1-5759e988-bd862e3fe1be46a994272793' or request_id = '5759e988bd862e3fe1be46a994272793'" +
        ` | ${TAIL}`,
    );
  });

  it("backticks unusual field names, escapes the stream prefix and honours a custom limit", () => {
    const r = buildTraceQuery(
      "edge",
      {
        logGroups: ["/edge"],
        streamFilter: "edge.proxy/",
        idFields: ["x-request-id"],
        messageField: "@message",
      },
      id("req-abcd"),
      50,
    );

    expect(r.ok && r.value.queryString).toBe(
      "fields @timestamp, @logStream, @log, @message | filter @logStream like /^edge\\.proxy\\// | filter `x-request-id` = 'req-abcd' | sort @timestamp asc | limit 50",
    );
  });

  it("refuses a configured field name that could escape its quoting", () => {
    const r = buildTraceQuery(
      "bad",
      { logGroups: ["/bad"], idFields: ["a` | stats count(*) #"], messageField: "@message" },
      id("req-abcd"),
    );

    expect(r.ok ? undefined : r.error.code).toBe("trace_field_invalid");
  });

  it("refuses search values that were not shape-validated", () => {
    const forged: AnchoredId = { id: "x' or 1=1", kind: "generic", searchValues: ["x' or 1=1"] };

    const r = buildTraceQuery("axonflow-api", services["axonflow-api"] as ServiceConfig, forged);

    expect(r.ok ? undefined : r.error.code).toBe("trace_id_invalid");
  });
});
