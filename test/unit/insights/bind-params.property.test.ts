import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TemplateConfig } from "../../../src/config/schema.js";
import { bindParams } from "../../../src/insights/bind-params.js";
import { parseQuery } from "../../../src/insights/query-language/parse-query.js";
import { type CompiledTemplate, compileTemplate, renderQuery } from "../../../src/insights/query-template.js";

/** Both slot contexts in one template: a quoted literal and a regex body, plus a trailing limit to protect. */
const CONFIG: TemplateConfig = {
  description: "property",
  logGroups: ["/g"],
  query:
    "fields @timestamp, @message\n| filter field.a = {{q}}\n| filter @message like /before {{q}} after/\n| sort @timestamp desc\n| limit 20",
  params: { q: { type: "string", maxLength: 200 } },
  defaultWindow: "1h",
  maxWindow: "7d",
};

function compile(): CompiledTemplate {
  const c = compileTemplate("prop", CONFIG);
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  return c.value;
}

function render(template: CompiledTemplate, value: string) {
  const bound = bindParams(template, [["q", value]]);
  if (!bound.ok) return bound;
  return renderQuery(template, bound.value);
}

function kinds(query: string): string[] | string {
  const parsed = parseQuery(query);
  return parsed.ok ? parsed.value.commands.map((c) => c.kind) : `parse error: ${parsed.error.message}`;
}

const INJECTIONS = [
  "x' | stats count(*) by @logStream",
  'x" | stats count(*) by @logStream',
  '"/ | display',
  "/ | display @message",
  "\n| limit 1",
  "\r| limit 1",
  "abc\n",
  "`",
  "`@message`",
  "#",
  "x # comment out the limit",
  "x | SOURCE logGroups(namePrefix: ['/'])",
  "x | unmask(@message)",
  "a\\' | display",
  "a\u2028| limit 1",
  "a\u0000",
  "a|b",
  "'",
  "",
];

describe("bindParams + renderQuery under arbitrary input", () => {
  const template = compile();
  const benign = render(template, "benign");
  if (!benign.ok) throw new Error("benign value refused");
  const expectedKinds = kinds(benign.value);

  it("the benign value renders a query with the template's command kinds", () => {
    expect(expectedKinds).toEqual(["fields", "filter", "filter", "sort", "limit"]);
  });

  it("every accepted value keeps the query's command structure", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })),
        (value) => {
          const rendered = render(template, value);
          if (!rendered.ok) return;
          expect(kinds(rendered.value)).toEqual(expectedKinds);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("every accepted value built from query punctuation keeps the structure", () => {
    const punctuation = fc.constantFrom(..."|'\"`#/\\\n\r()[]{}*.+?^$,;:=<>!~ @aZ09-_".split(""));
    fc.assert(
      fc.property(fc.array(punctuation, { minLength: 1, maxLength: 30 }), (chars) => {
        const rendered = render(template, chars.join(""));
        if (!rendered.ok) return;
        expect(kinds(rendered.value)).toEqual(expectedKinds);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(INJECTIONS)("refuses the injection %j", (value) => {
    expect(render(template, value).ok).toBe(false);
  });
});
