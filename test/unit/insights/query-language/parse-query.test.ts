import { describe, expect, it } from "vitest";
import type { Command, QueryAst } from "../../../../src/insights/query-language/ast.js";
import { QueryParseError } from "../../../../src/insights/query-language/errors.js";
import { parseQuery } from "../../../../src/insights/query-language/parse-query.js";
import { KlaxonError } from "../../../../src/shared/klaxon-error.js";
import { seedQueries } from "../../../fixtures/insights/seed-queries.js";

function parsed(text: string): QueryAst {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.error.message}`);
  return result.value;
}

function command<K extends Command["kind"]>(
  ast: QueryAst,
  index: number,
  kind: K,
): Extract<Command, { kind: K }> {
  const found = ast.commands[index];
  if (found?.kind !== kind) throw new Error(`command ${index} is ${found?.kind}, expected ${kind}`);
  return found as Extract<Command, { kind: K }>;
}

describe("parseQuery on the seed queries", () => {
  it.each(seedQueries.map((q) => [q.name, q.query]))("parses %s", (_name, query) => {
    // Act
    const result = parseQuery(query);

    // Assess
    expect(result.ok ? "ok" : result.error.message).toBe("ok");
  });
});

describe("parseQuery AST shape", () => {
  it("reads the DynamoAI reqId query as filter, filter, fields, sort, limit with dotted field names", () => {
    // Prepare
    const query = seedQueries.find((q) => q.name === "dynamoai-api-request-by-req-id")?.query ?? "";

    // Act
    const ast = parsed(query);

    // Assess
    expect(ast.commands.map((c) => c.kind)).toEqual(["filter", "filter", "fields", "sort", "limit"]);
    const streamFilter = command(ast, 0, "filter").condition;
    expect(streamFilter).toMatchObject({
      kind: "binary",
      op: "like",
      left: { kind: "field", name: "@logStream" },
      right: { kind: "regex", pattern: "dynamoai-api-.*", flags: "" },
    });
    expect(command(ast, 1, "filter").condition).toMatchObject({
      op: "=",
      left: { kind: "field", name: "log_processed.metadata.reqId" },
      right: { kind: "string", value: "19e555d0-b349-11f0-9ee0-09606a1108f9" },
    });
    expect(command(ast, 2, "fields").items.map((i) => i.text)).toEqual([
      "@timestamp",
      "log_processed.message",
    ]);
    expect(command(ast, 3, "sort").keys).toMatchObject([
      { text: "@timestamp", direction: "asc", explicit: true },
    ]);
    expect(command(ast, 4, "limit").count).toBe(1000);
  });

  it("reads stats with aliases, percentile arguments and a bin duration group", () => {
    // Act
    const ast = parsed("stats avg(latency_ms) as avg_latency, percentile(latency_ms, 95) as p95 by bin(5m)");

    // Assess
    const stats = command(ast, 0, "stats");
    expect(stats.aggregates.map((a) => [a.text, a.alias])).toEqual([
      ["avg(latency_ms)", "avg_latency"],
      ["percentile(latency_ms, 95)", "p95"],
    ]);
    expect(stats.aggregates[1]?.expr).toMatchObject({
      kind: "call",
      name: "percentile",
      args: [
        { kind: "field", name: "latency_ms" },
        { kind: "number", value: 95 },
      ],
    });
    expect(stats.groupBy[0]?.expr).toMatchObject({
      kind: "call",
      name: "bin",
      args: [{ kind: "duration", amount: 5, unit: "m", milliseconds: 300_000 }],
    });
  });

  it("reads count(*) and count() and sorts by a call expression", () => {
    // Act
    const ast = parsed("stats count(*), count() by path, status | sort count(*) desc");

    // Assess
    const stats = command(ast, 0, "stats");
    expect(stats.aggregates.map((a) => a.expr)).toMatchObject([
      { kind: "call", name: "count", args: [{ kind: "star" }] },
      { kind: "call", name: "count", args: [] },
    ]);
    expect(stats.groupBy.map((g) => g.text)).toEqual(["path", "status"]);
    expect(command(ast, 1, "sort").keys).toMatchObject([{ text: "count(*)", direction: "desc" }]);
  });

  it("reads a glob parse with names and a regex parse with named groups", () => {
    // Act
    const ast = parsed(
      'parse @message "* [*] *" as host, level, rest | parse @message /(?<method>GET|POST)\\s+(?<path>\\S+)/',
    );

    // Assess
    expect(command(ast, 0, "parse")).toMatchObject({
      source: { kind: "field", name: "@message" },
      pattern: { kind: "glob", text: "* [*] *" },
      names: ["host", "level", "rest"],
    });
    expect(command(ast, 1, "parse")).toMatchObject({
      pattern: { kind: "regex", pattern: "(?<method>GET|POST)\\s+(?<path>\\S+)" },
      names: ["method", "path"],
    });
  });

  it("gives and a higher precedence than or, and reads not like, not in and case-insensitive keywords", () => {
    // Act
    const ast = parsed(
      'filter a = 1 OR b = 2 and not c like "x" | filter d not in ["p", "q"] and e not like /y/i',
    );

    // Assess
    expect(command(ast, 0, "filter").condition).toMatchObject({
      op: "or",
      left: { op: "=" },
      right: { op: "and", right: { kind: "unary", op: "not", operand: { op: "like" } } },
    });
    expect(command(ast, 1, "filter").condition).toMatchObject({
      op: "and",
      left: { op: "not in", right: { kind: "list", items: [{ value: "p" }, { value: "q" }] } },
      right: { op: "not like", right: { kind: "regex", pattern: "y", flags: "i" } },
    });
  });

  it("keeps arithmetic precedence and reads a slash after an operand as division", () => {
    // Act
    const ast = parsed("display (errors * 100.0 / total) as error_rate_pct, a - b % 3");

    // Assess
    const items = command(ast, 0, "display").items;
    expect(items[0]).toMatchObject({
      alias: "error_rate_pct",
      expr: { op: "/", left: { op: "*", right: { value: 100 } }, right: { name: "total" } },
    });
    expect(items[1]?.expr).toMatchObject({ op: "-", right: { op: "%" } });
  });

  it("skips # comments but keeps # and | inside regexes and strings", () => {
    // Act
    const ast = parsed(
      '# header | not a command\nfields a # trailing | x\n| filter b like /#x|y/ or c = "#|"',
    );

    // Assess
    expect(ast.commands.map((c) => c.kind)).toEqual(["fields", "filter"]);
    expect(command(ast, 1, "filter").condition).toMatchObject({
      left: { right: { kind: "regex", pattern: "#x|y" } },
      right: { right: { kind: "string", value: "#|" } },
    });
  });

  it("reads SOURCE with named arguments, backticked names, escapes and the other commands", () => {
    // Act
    const ast = parsed(
      'SOURCE logGroups(namePrefix: ["/aws/lambda"], class: "STANDARD") | fields `my field`, \'it\\\'s\' as s' +
        " | dedup a.b, c | pattern @message | display s | unmask @message | filterIndex x = 1 | diff | anomaly",
    );

    // Assess
    expect(ast.commands.map((c) => c.kind)).toEqual([
      "source",
      "fields",
      "dedup",
      "pattern",
      "display",
      "unmask",
      "filterIndex",
      "diff",
      "anomaly",
    ]);
    expect(command(ast, 0, "source").selector).toMatchObject({
      kind: "call",
      name: "logGroups",
      args: [
        { kind: "namedArg", name: "namePrefix", value: { kind: "list" } },
        { kind: "namedArg", name: "class", value: { value: "STANDARD" } },
      ],
    });
    expect(command(ast, 1, "fields").items.map((i) => i.expr)).toMatchObject([
      { kind: "field", name: "my field" },
      { kind: "string", value: "it's" },
    ]);
    expect(command(ast, 2, "dedup").fields).toMatchObject([{ name: "a.b" }, { name: "c" }]);
  });
});

describe("parseQuery errors", () => {
  it.each([
    ["unterminated string", 'fields @message\n| filter @message = "abc', 2, 21, "unterminated string"],
    ["unknown command", "fields @timestamp\n| fitler x = 1", 2, 3, "unknown command 'fitler'"],
    ["missing pipe", "fields @timestamp, @message\n  filter x = 1", 2, 3, "expected '|' before 'filter'"],
    ["bad regex", "fields a\n| filter @message like /(abc/", 2, 24, "invalid regular expression /(abc/"],
    ["unterminated regex", "filter @message like /abc", 1, 22, "unterminated regular expression"],
    ["bad regex flag", "filter @message like /x/q", 1, 22, "unsupported regex flag"],
    [
      "dangling operator before pipe",
      "filter status >= \n| limit 5",
      2,
      1,
      "expected a value or field after '>='",
    ],
    ["dangling and at the end", "filter a = 1 and", 1, 17, "after 'and' but found the end of the query"],
    ["trailing pipe", "fields a |", 1, 11, "expected a command after '|'"],
    ["empty query", "  # only a comment", 1, 19, "the query is empty"],
    ["SOURCE not first", "fields a | SOURCE logGroups()", 1, 12, "SOURCE must be the first command"],
    ["bad duration unit", "stats count(*) by bin(5x)", 1, 23, "'5x' is not a number or a duration"],
    ["limit zero", "fields a | limit 0", 1, 18, "expected a whole number of rows"],
    ["glob names mismatch", 'parse @message "* [*] *" as a, b', 1, 26, "the glob has 3 '*' but 'as' names 2"],
    ["regex parse without groups", "parse @message /abc/", 1, 16, "needs named groups"],
    ["unclosed call", "stats count(* by x", 1, 15, "expected ')' to close count("],
    ["SQL CASE", "stats sum(case level = 'error' then 1 else 0 end) as errors", 1, 11, "no CASE expression"],
    [
      "a regex where a value is expected",
      "fields @message\n| pattern @message /(?<x>a)/",
      2,
      20,
      "a /regex/ cannot follow @message here",
    ],
  ])("reports %s with its line and column", (_name, query, line, column, fragment) => {
    // Act
    const result = parseQuery(query);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(QueryParseError);
    expect(result.error).toBeInstanceOf(KlaxonError);
    expect(result.error.code).toBe("insights_query_parse");
    expect([result.error.line, result.error.column]).toEqual([line, column]);
    expect(result.error.message).toContain(fragment);
    expect(result.error.message).toContain(`line ${line}, column ${column}`);
  });
});
