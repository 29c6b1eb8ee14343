import { describe, expect, it } from "vitest";
import type { TemplateConfig } from "../../../src/config/schema.js";
import {
  bindParams,
  parseCommandArgs,
  templateUsage,
  validateParamValue,
} from "../../../src/insights/bind-params.js";
import { compileTemplate } from "../../../src/insights/query-template.js";

function compiled(params: TemplateConfig["params"], query: string) {
  const c = compileTemplate("tpl", {
    description: "d",
    logGroups: ["/g"],
    query,
    params,
    defaultWindow: "1h",
    maxWindow: "7d",
  });
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  return c.value;
}

describe("parseCommandArgs", () => {
  it("splits template name, key=value pairs and the window words", () => {
    expect(parseCommandArgs("API-Request reqId=abc-1 since 09:30")).toEqual({
      ok: true,
      value: { templateName: "api-request", params: [["reqId", "abc-1"]], rest: "since 09:30" },
    });
  });

  it("keeps spaces inside quoted values, including Slack's curly quotes", () => {
    const result = parseCommandArgs('t q=\u201Cconnection refused\u201D r="a b" 2h');
    expect(result.ok && result.value.params).toEqual([
      ["q", "connection refused"],
      ["r", "a b"],
    ]);
    expect(result.ok && result.value.rest).toBe("2h");
  });

  it("decodes Slack's &amp; &lt; &gt; escaping", () => {
    const result = parseCommandArgs("t q=a&amp;b&lt;c&gt;");
    expect(result.ok && result.value.params).toEqual([["q", "a&b<c>"]]);
  });

  it("reports an unterminated quote", () => {
    expect(parseCommandArgs('t q="abc').ok).toBe(false);
  });
});

describe("validateParamValue", () => {
  it("anchors string patterns fully", () => {
    const param = { type: "string" as const, pattern: "[0-9a-f]{4}" };
    expect(validateParamValue("p", param, "abcd").ok).toBe(true);
    expect(validateParamValue("p", param, "abcdx").ok).toBe(false);
    expect(validateParamValue("p", param, "xabcd").ok).toBe(false);
  });

  it("enforces maxLength, with a default of 200", () => {
    expect(validateParamValue("p", { type: "string", maxLength: 3 }, "abcd").ok).toBe(false);
    expect(validateParamValue("p", { type: "string" }, "a".repeat(201)).ok).toBe(false);
    expect(validateParamValue("p", { type: "string" }, "a".repeat(200)).ok).toBe(true);
  });

  it("accepts only listed enum values and says which", () => {
    const result = validateParamValue("lvl", { type: "enum", values: ["error", "warn"] }, "info");
    expect(!result.ok && result.error.message).toBe('Parameter lvl must be one of error, warn; got "info".');
  });

  it("parses ints within min and max", () => {
    const param = { type: "int" as const, min: 100, max: 599 };
    expect(validateParamValue("s", param, "500")).toEqual({ ok: true, value: { type: "int", value: 500 } });
    expect(validateParamValue("s", param, "99").ok).toBe(false);
    expect(validateParamValue("s", param, "600").ok).toBe(false);
    expect(validateParamValue("s", param, "5e2").ok).toBe(false);
  });

  it("accepts durations like 5m and refuses others", () => {
    expect(validateParamValue("b", { type: "duration" }, "5m").ok).toBe(true);
    expect(validateParamValue("b", { type: "duration" }, "5 minutes").ok).toBe(false);
  });

  it("accepts request and trace IDs and refuses other characters", () => {
    expect(validateParamValue("id", { type: "id" }, "1-5f84c7a1-abc:def_0.9").ok).toBe(true);
    expect(validateParamValue("id", { type: "id" }, "abc def").ok).toBe(false);
    expect(validateParamValue("id", { type: "id" }, "a".repeat(129)).ok).toBe(false);
  });
});

describe("bindParams", () => {
  const tpl = compiled(
    { reqId: { type: "id" }, threshold: { type: "int", default: 5000 } },
    "filter id = {{reqId}} | filter ms > {{threshold}}",
  );

  it("fills defaults", () => {
    expect(bindParams(tpl, [["reqId", "r1"]])).toEqual({
      ok: true,
      value: { reqId: { type: "text", text: "r1" }, threshold: { type: "int", value: 5000 } },
    });
  });

  it("reports a missing required parameter with the usage", () => {
    const result = bindParams(tpl, []);
    expect(!result.ok && result.error.message).toBe(
      "Parameter reqId is required. Usage: /insights tpl reqId=<id> [threshold=<int>] [window]",
    );
  });

  it("rejects unknown and repeated keys", () => {
    expect(!bindParams(tpl, [["nope", "1"]]).ok).toBe(true);
    expect(
      !bindParams(tpl, [
        ["reqId", "a"],
        ["reqId", "b"],
      ]).ok,
    ).toBe(true);
  });

  it("templateUsage lists enum values", () => {
    const e = compiled({ lvl: { type: "enum", values: ["error", "warn"] } }, "filter level = {{lvl}}");
    expect(templateUsage(e)).toBe("tpl lvl=<error|warn> [window]");
  });
});
