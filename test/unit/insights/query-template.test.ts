import { describe, expect, it } from "vitest";
import type { TemplateConfig } from "../../../src/config/schema.js";
import { compileTemplate, renderQuery } from "../../../src/insights/query-template.js";

function template(query: string, params: TemplateConfig["params"] = {}): TemplateConfig {
  return { description: "t", logGroups: ["/g"], query, params, defaultWindow: "1h", maxWindow: "7d" };
}

describe("compileTemplate", () => {
  it("finds literal and regex slots", () => {
    const result = compileTemplate(
      "t",
      template("filter a = {{x}} | filter @message like /pre-{{y}}-post/ | stats count(*) by bin({{b}})", {
        x: { type: "id" },
        y: { type: "id" },
        b: { type: "duration", default: "5m" },
      }),
    );
    const slots = result.ok ? result.value.segments.filter((s) => s.kind === "slot") : [];
    expect(slots).toEqual([
      { kind: "slot", name: "x", context: "literal" },
      { kind: "slot", name: "y", context: "regex" },
      { kind: "slot", name: "b", context: "literal" },
    ]);
  });

  it("treats / after a value as division, not a regex", () => {
    const result = compileTemplate(
      "t",
      template("display (errors * 100.0 / total) as p | filter n > {{n}}", { n: { type: "int" } }),
    );
    expect(result.ok && result.value.segments.at(-1)).toEqual({
      kind: "slot",
      name: "n",
      context: "literal",
    });
  });

  it("treats the first / of a parse command as a regex", () => {
    const result = compileTemplate(
      "t",
      template("parse @message /id={{v}} (?<rest>.*)/", { v: { type: "id" } }),
    );
    expect(result.ok && result.value.segments[1]).toEqual({ kind: "slot", name: "v", context: "regex" });
  });

  it("reports a slot without a parameter and a parameter without a slot", () => {
    const result = compileTemplate("t", template("filter a = {{x}}", { y: { type: "id" } }));
    expect(!result.ok && result.error.map((i) => i.message)).toEqual([
      "slot {{x}} has no parameter; declare it under params:",
      "parameter y is declared but the query has no {{y}}",
    ]);
  });

  it("refuses slots inside quotes, backticks and comments", () => {
    for (const q of [
      "filter a = '{{x}}'",
      'filter a = "{{x}}"',
      "filter `{{x}}` = 1",
      "filter a = 1 # {{x}}",
    ]) {
      const result = compileTemplate("t", template(q, { x: { type: "id" } }));
      expect(result.ok, q).toBe(false);
    }
  });
});

describe("renderQuery", () => {
  it("quotes each value for its slot context", () => {
    const compiled = compileTemplate(
      "t",
      template("filter a = {{x}} | filter @message like /{{x}}/ | filter n > {{n}}", {
        x: { type: "id" },
        n: { type: "int" },
      }),
    );
    if (!compiled.ok) throw new Error("compile failed");
    const result = renderQuery(compiled.value, {
      x: { type: "text", text: "a.b" },
      n: { type: "int", value: 5 },
    });
    expect(result).toEqual({
      ok: true,
      value: "filter a = 'a.b' | filter @message like /a\\.b/ | filter n > 5",
    });
  });

  it("refuses a value that is safe in one slot but not in the other", () => {
    const compiled = compileTemplate(
      "t",
      template("filter a = {{x}} | filter @message like /{{x}}/", { x: { type: "string" } }),
    );
    if (!compiled.ok) throw new Error("compile failed");
    const result = renderQuery(compiled.value, { x: { type: "text", text: "/v1/x" } });
    expect(!result.ok && result.error.message).toContain("slash");
  });
});
