import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TemplateConfig } from "../../src/config/schema.js";
import { bindParams } from "../../src/insights/bind-params.js";
import { parseQuery } from "../../src/insights/query-language/parse-query.js";
import { type CompiledTemplate, compileTemplate, renderQuery } from "../../src/insights/query-template.js";
import { scaled } from "./reliability-helpers.js";

const RUNS = scaled(2000, 20_000);

const TEMPLATE: TemplateConfig = {
  description: "One request across the API logs",
  logGroups: ["/aws/ecs/api"],
  query:
    "fields @timestamp, @message, requestId\n| filter requestId = {{reqId}} and service = {{service}}\n| filter @message like /{{needle}}/\n| sort @timestamp desc\n| limit {{n}}",
  params: {
    reqId: { type: "id" },
    service: { type: "string", maxLength: 200 },
    needle: { type: "string", default: "error" },
    n: { type: "int", min: 1, max: 1000, default: 100 },
  },
  defaultWindow: "1h",
  maxWindow: "7d",
};

/** Values that try to end the literal, start a new command, comment out the rest or widen the source. */
const CORPUS = [
  "x' | stats count(*) by @logStream | filter '1'='1",
  'x" | display @message',
  "x` | fields secret",
  "x # | limit 10000",
  "abc\\' | stats count(*)",
  "a\nfilter 1=1",
  "a\r\n| unmask(@message)",
  "| unmask(@message)",
  "'; SOURCE '/aws/secret' |",
  "x') or (1=1",
  "a/ | stats count(*) | filter @message like /b",
  "\u2028| stats count(*)",
  "\u0000| limit 1",
  "\u202e| dedup",
  "x\u200b|y",
  "“quoted” | sort",
  "$" + "{jndi:ldap://x}",
  "{{reqId}}",
  "x | SOURCE logGroups(namePrefix: ['/']) | stats count(*)",
  "a'||'b",
  "&#39; | stats",
  "%27%20%7C%20stats",
];

const commandCount = (query: string): number => {
  const parsed = parseQuery(query);
  return parsed.ok ? parsed.value.commands.length : -1;
};

function compiled(): CompiledTemplate {
  const t = compileTemplate("api-request", TEMPLATE);
  if (!t.ok) throw new Error(JSON.stringify(t.error));
  return t.value;
}

/**
 * A value "reaches a query" when binding and rendering succeed and the rendered query no longer parses to the
 * template's own commands, or the value shows up outside its quotes.
 */
function outcome(template: CompiledTemplate, pairs: [string, string][], expectedCommands: number) {
  const bound = bindParams(template, pairs);
  if (!bound.ok) return "refused" as const;
  const query = renderQuery(template, bound.value);
  if (!query.ok) return "refused" as const;
  return commandCount(query.value) === expectedCommands && !/\n\s*#/.test(query.value)
    ? ("quoted" as const)
    : ("reached" as const);
}

describe("reliability: Logs Insights parameter injection", () => {
  const template = compiled();
  const baseline = renderQuery(template, {
    reqId: { type: "text", text: "abc-123" },
    service: { type: "text", text: "api" },
    needle: { type: "text", text: "error" },
    n: { type: "int", value: 100 },
  });
  const expectedCommands = baseline.ok ? commandCount(baseline.value) : -1;

  it(`lets none of the ${CORPUS.length} injection values into a query, in any parameter`, () => {
    const results = CORPUS.flatMap((value) =>
      (["reqId", "service", "needle", "n"] as const).map((param) => {
        const pairs: [string, string][] = [
          ["reqId", "abc-123"],
          ["service", "api"],
        ];
        const i = pairs.findIndex(([k]) => k === param);
        if (i >= 0) pairs[i] = [param, value];
        else pairs.push([param, value]);
        return { value, param, result: outcome(template, pairs, expectedCommands) };
      }),
    );
    const reached = results.filter((r) => r.result === "reached");
    console.log(
      `reliability: injection corpus ${results.length} (value × parameter), refused ${results.filter((r) => r.result === "refused").length}, reached a query ${reached.length}`,
    );
    expect(expectedCommands).toBe(5);
    expect(reached).toEqual([]);
    expect(
      outcome(
        template,
        [
          ["reqId", "abc-123"],
          ["service", "checkout api"],
        ],
        expectedCommands,
      ),
    ).toBe("quoted");
  });

  it(`keeps the query's structure for ${RUNS} fast-check values with pipes, quotes, comments and line breaks`, () => {
    const hostile = fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          "|",
          "'",
          '"',
          "`",
          "#",
          "\\",
          "/",
          "\n",
          "\r",
          "\u2028",
          "\u0000",
          " ",
          "(",
          ")",
          "*",
          "=",
        ),
        fc.constantFrom("stats", "SOURCE", "unmask", "limit", "fields", "count(*)", "@message"),
        fc.string({ maxLength: 3 }),
      ),
      maxLength: 30,
    });
    let reached = 0;
    let quoted = 0;
    fc.assert(
      fc.property(hostile, fc.constantFrom("service", "needle"), (value, param) => {
        const pairs: [string, string][] = [
          ["reqId", "abc-123"],
          ["service", param === "service" ? value : "api"],
          ...(param === "needle" ? [["needle", value] as [string, string]] : []),
        ];
        const r = outcome(template, pairs, expectedCommands);
        if (r === "reached") reached++;
        if (r === "quoted") quoted++;
        return r !== "reached";
      }),
      { numRuns: RUNS, seed: 4242 },
    );
    console.log(
      `reliability: fuzzed Insights parameters ${RUNS} (seed 4242), safely quoted ${quoted}, reached a query ${reached}`,
    );
    expect(reached).toBe(0);
  });
});
