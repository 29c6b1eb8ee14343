import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import type { TemplateConfig } from "../../../src/config/schema.js";
import { compileTemplates, validateTemplates } from "../../../src/insights/validate-templates.js";

const base = (over: Partial<TemplateConfig>): TemplateConfig => ({
  description: "d",
  logGroups: ["/g"],
  query: "fields @message | limit 5",
  params: {},
  defaultWindow: "1h",
  maxWindow: "7d",
  ...over,
});

describe("validateTemplates", () => {
  it("accepts every template shipped in klaxon.example.yaml", () => {
    const config = loadConfig({ KLAXON_CONFIG: "klaxon.example.yaml" });
    const templates = config.file.templates;
    expect(Object.keys(templates).length).toBeGreaterThanOrEqual(15);
    expect(validateTemplates(templates)).toEqual([]);
    const compiled = compileTemplates(templates);
    expect(compiled.ok && compiled.value.get("tradai-correlation-id")?.logGroups).toContain(
      "/ecs/tradai-backend-prod",
    );
  });

  it("reports a query that does not parse with sample values", () => {
    const issues = validateTemplates({ bad: base({ query: "fields @message | limit" }) });
    expect(issues[0]?.message).toMatch(/does not parse with sample values/);
  });

  it("reports invalid defaults, unsafe enum values and bad patterns", () => {
    const issues = validateTemplates({
      t: base({
        query: "filter a = {{n}} | filter b = {{lvl}} | filter c = {{s}}",
        params: {
          n: { type: "int", min: 1, max: 10, default: 50 },
          lvl: { type: "enum", values: ["ok", "x' | display"] },
          s: { type: "string", pattern: "([a-z" },
        },
      }),
    }).map((i) => i.message);
    expect(issues).toEqual([
      "default: Parameter n must be at most 10; got 50.",
      'parameter lvl: enum value "x\' | display" contains a quote (it would end the string); remove it',
      "parameter s: pattern ([a-z is not a valid regular expression",
    ]);
  });

  it("reports wildcard log groups and a default window over the maximum", () => {
    const issues = validateTemplates({ t: base({ logGroups: ["/ecs/*"], defaultWindow: "8d" }) }).map(
      (i) => i.message,
    );
    expect(issues).toEqual([
      "log group /ecs/* contains *; list exact log group names",
      "defaultWindow 8d is longer than maxWindow 7d",
    ]);
  });
});

describe("validateTemplates locations", () => {
  it("names the query line and column of an unterminated regex", () => {
    const issues = validateTemplates({
      broken: {
        description: "broken",
        logGroups: ["/x"],
        query: "fields @timestamp\n| filter @message like /ERROR\n| limit 5",
        params: {},
        defaultWindow: "1h",
        maxWindow: "7d",
      },
    });
    expect(issues.map((i) => i.message)).toContain("query line 2, column 24: unterminated regex literal /…/");
  });
});
