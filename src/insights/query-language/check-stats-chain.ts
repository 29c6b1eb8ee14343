import type { Command, Expr, QueryAst } from "./ast.js";
import type { TokenCursor } from "./token-cursor.js";

const MAX_STATS = 2;

function* fieldsAndBins(expr: Expr): Generator<Expr & ({ kind: "field" } | { kind: "call" })> {
  switch (expr.kind) {
    case "field":
      yield expr;
      break;
    case "call":
      if (expr.name.toLowerCase() === "bin") yield expr;
      for (const arg of expr.args) yield* fieldsAndBins(arg);
      break;
    case "unary":
      yield* fieldsAndBins(expr.operand);
      break;
    case "binary":
      yield* fieldsAndBins(expr.left);
      yield* fieldsAndBins(expr.right);
      break;
    case "list":
      for (const item of expr.items) yield* fieldsAndBins(item);
      break;
    case "namedArg":
      yield* fieldsAndBins(expr.value);
      break;
    default:
      break;
  }
}

function columnsOfStats(command: Command & { kind: "stats" }): Set<string> {
  const names = new Set<string>();
  for (const p of [...command.groupBy, ...command.aggregates]) names.add(p.alias ?? p.text);
  const binned = command.groupBy.some((p) => p.expr.kind === "call" && p.expr.name.toLowerCase() === "bin");
  // Grouping by bin() keeps the bucket start as @timestamp: `| sort @timestamp desc` after it is common.
  if (binned) names.add("@timestamp");
  return names;
}

/** Field names a command adds to the rows after a stats (`fields x as y`, `parse … as a, b`). */
function addedNames(command: Command): string[] {
  switch (command.kind) {
    case "fields":
    case "display":
      return command.items.map((i) => i.alias ?? i.text);
    case "parse":
      return [...command.names];
    default:
      return [];
  }
}

/**
 * Enforces CloudWatch's rules for queries with more than one `stats`: at most two, and the second may only use
 * what exists after the first — the columns it produced and fields made from them. `@message` and the other
 * raw fields are gone, and so is `@timestamp` unless the first `stats` grouped by `bin()`, which makes `bin()`
 * over the raw records meaningless in the second. Throws `QueryParseError` at the offending name.
 */
export function checkStatsChain(ast: QueryAst, cursor: TokenCursor): void {
  const stats = ast.commands.filter((c): c is Command & { kind: "stats" } => c.kind === "stats");
  const third = stats[MAX_STATS];
  if (third !== undefined) {
    throw cursor.errorAt(
      `a query may have at most ${MAX_STATS} stats commands; CloudWatch refuses a third one`,
      third.span.start,
      third.span.end,
    );
  }
  const [first, second] = stats;
  if (first === undefined || second === undefined) return;
  const available = columnsOfStats(first);
  const between = ast.commands.slice(ast.commands.indexOf(first) + 1, ast.commands.indexOf(second));
  for (const command of between) for (const name of addedNames(command)) available.add(name);
  for (const projection of [...second.aggregates, ...second.groupBy]) {
    for (const node of fieldsAndBins(projection.expr)) {
      if (node.kind === "call") {
        if (available.has("@timestamp")) continue;
        throw cursor.errorAt(
          "bin() in a second stats needs @timestamp, which the first stats does not keep; group the first stats by bin(…) or drop bin() here",
          node.span.start,
          node.span.end,
        );
      }
      if (available.has(node.name)) continue;
      throw cursor.errorAt(
        `the second stats can only use what the first stats produced (${[...available].join(", ")}); '${node.name}' is not available after the first stats`,
        node.span.start,
        node.span.end,
      );
    }
  }
}
