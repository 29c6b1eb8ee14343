import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FileConfigSchema, ServiceSchema } from "../../../src/config/schema.js";
import { buildErrorQueries } from "../../../src/error-summary/build-error-queries.js";

// Mirrors the services of klaxon.example.yaml (after ${CLUSTER_NAME} expansion).
const dynamoaiApi = ServiceSchema.parse({
  logGroups: ["/aws/containerinsights/dfl-prod-default-eks/application"],
  streamFilter: "dynamoai-api-",
  idFields: ["log_processed.metadata.reqId"],
  messageField: "log_processed.message",
  levelField: "log_processed.level",
  errorLevels: ["error", "ERROR"],
});
const tradaiBackend = ServiceSchema.parse({
  logGroups: ["/ecs/tradai-backend-prod"],
  errorPattern: "ERROR|Exception|Traceback",
});
const axonflowApi = ServiceSchema.parse({
  logGroups: ["/axonflow/production"],
  messageField: "message",
  levelField: "level",
  errorLevels: ["error"],
});

describe("buildErrorQueries", () => {
  it("filters DynamoAI pods by stream prefix and structured level", () => {
    const result = buildErrorQueries("dynamoai-api", dynamoaiApi, 300);

    expect(result).toEqual({
      ok: true,
      value: {
        logGroupNames: ["/aws/containerinsights/dfl-prod-default-eks/application"],
        countsByBin: [
          "filter @logStream like /^dynamoai-api-/",
          '| filter log_processed.level in ["error", "ERROR"]',
          "| stats count(*) as errors by bin(5m)",
        ].join("\n"),
        topMessages: [
          "filter @logStream like /^dynamoai-api-/",
          '| filter log_processed.level in ["error", "ERROR"]',
          "| stats count(*) as n by log_processed.message",
          "| sort n desc",
          "| limit 200",
        ].join("\n"),
        topStreams: [
          "filter @logStream like /^dynamoai-api-/",
          '| filter log_processed.level in ["error", "ERROR"]',
          "| stats count(*) as n by @logStream",
          "| sort n desc",
          "| limit 10",
        ].join("\n"),
      },
    });
  });

  it("matches TradAI errors by pattern on @message", () => {
    const result = buildErrorQueries("tradai-backend", tradaiBackend, 60);

    expect(result.ok && result.value.countsByBin).toBe(
      "filter @message like /ERROR|Exception|Traceback/\n| stats count(*) as errors by bin(1m)",
    );
    expect(result.ok && result.value.topMessages).toBe(
      "filter @message like /ERROR|Exception|Traceback/\n| stats count(*) as n by @message\n| sort n desc\n| limit 200",
    );
  });

  it("uses AxonFlow's level field without a stream filter", () => {
    const result = buildErrorQueries("axonflow-api", axonflowApi, 3600);

    expect(result.ok && result.value.countsByBin).toBe(
      'filter level in ["error"]\n| stats count(*) as errors by bin(1h)',
    );
  });

  it("escapes quotes, regex delimiters and odd field names from the config", () => {
    const service = ServiceSchema.parse({
      logGroups: ["/g"],
      streamFilter: "api/v1.(blue)",
      messageField: "log-processed.msg text",
      levelField: "lvl",
      errorLevels: ['err"] or true or x in ["', "a\\b"],
    });

    const result = buildErrorQueries("odd", service, 300);

    expect(result.ok && result.value.topMessages).toBe(
      [
        "filter @logStream like /^api\\/v1\\.\\(blue\\)/",
        '| filter lvl in ["err\\"] or true or x in [\\"", "a\\\\b"]',
        "| stats count(*) as n by `log-processed.msg text`",
        "| sort n desc",
        "| limit 200",
      ].join("\n"),
    );
  });

  it("escapes an unescaped slash in errorPattern but keeps escaped ones", () => {
    const service = ServiceSchema.parse({ logGroups: ["/g"], errorPattern: "HTTP/1.1 5\\d\\d|a\\/b" });

    const result = buildErrorQueries("web", service, 300);

    expect(result.ok && result.value.countsByBin).toBe(
      "filter @message like /HTTP\\/1.1 5\\d\\d|a\\/b/\n| stats count(*) as errors by bin(5m)",
    );
  });

  it("refuses a field name with a backtick and says which config key to fix", () => {
    const service = ServiceSchema.parse({ logGroups: ["/g"], levelField: "le`vel" });

    const result = buildErrorQueries("bad", service, 300);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe("spikes_field_name_invalid");
    expect(!result.ok && result.error.message).toContain("services.bad.levelField");
  });

  it("refuses an errorPattern with a line break", () => {
    const service = ServiceSchema.parse({ logGroups: ["/g"], errorPattern: "ERROR\n| display secret" });

    const result = buildErrorQueries("bad", service, 300);

    expect(!result.ok && result.error.code).toBe("spikes_error_pattern_invalid");
  });

  it("builds queries for every service in klaxon.example.yaml", () => {
    const config = FileConfigSchema.parse(parse(readFileSync("klaxon.example.yaml", "utf8")));

    const results = Object.entries(config.services).map(([name, service]) =>
      buildErrorQueries(name, service, 300),
    );

    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.ok)).toBe(true);
  });
});
