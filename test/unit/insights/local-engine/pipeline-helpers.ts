import { checkSupported } from "../../../../src/insights/local-engine/check-supported.js";
import { evaluate } from "../../../../src/insights/local-engine/evaluate-expression.js";
import { QueryPipeline } from "../../../../src/insights/local-engine/run-commands.js";
import { type Row, timeValue, toText, type Value } from "../../../../src/insights/local-engine/values.js";
import type { QueryAst } from "../../../../src/insights/query-language/ast.js";
import { parseQuery } from "../../../../src/insights/query-language/parse-query.js";

/** A record with `@timestamp` (epoch ms) and plain fields. */
export function record(timestampMs: number, fields: Record<string, string | number | boolean>): Row {
  const row: Row = new Map<string, Value>([["@timestamp", timeValue(timestampMs)]]);
  for (const [name, value] of Object.entries(fields)) row.set(name, value);
  return row;
}

export function parsedQuery(text: string): QueryAst {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.error.message}`);
  return result.value;
}

/** Runs `query` over `records` in the engine's pipeline and returns the rows as plain objects. */
export function runPipeline(
  query: string,
  records: readonly Row[],
  maxRows = 10_000,
): Record<string, string>[] {
  const ast = parsedQuery(query);
  const unsupported = checkSupported(ast);
  if (unsupported !== undefined) throw new Error(`not runnable: ${unsupported}`);
  const pipeline = new QueryPipeline(ast, maxRows);
  for (const r of records) pipeline.push(new Map(r));
  return pipeline.results().map((row) => Object.fromEntries(row.map((c) => [c.field, c.value])));
}

/** Evaluates one expression (`fields <expr>`) against a record and renders it as a result cell would. */
export function evaluateText(expression: string, row: Row = new Map()): string | null {
  const ast = parsedQuery(`fields ${expression} as result`);
  const command = ast.commands[0];
  if (command?.kind !== "fields" || command.items[0] === undefined) throw new Error("no expression");
  const value = evaluate(command.items[0].expr, row);
  return value === null ? null : toText(value);
}
