import type { Command, Expr, QueryAst } from "../query-language/ast.js";
import { isAggregateName } from "./aggregate.js";
import { SCALAR_FUNCTIONS } from "./scalar-functions.js";

const NOT_RUN = new Set<Command["kind"]>([
  "diff",
  "anomaly",
  "unnest",
  "lookup",
  "addtotals",
  "join",
  "logcompare",
]);

function* calls(expr: Expr): Generator<Expr & { kind: "call" }> {
  switch (expr.kind) {
    case "call":
      yield expr;
      for (const arg of expr.args) yield* calls(arg);
      break;
    case "unary":
      yield* calls(expr.operand);
      break;
    case "binary":
      yield* calls(expr.left);
      yield* calls(expr.right);
      break;
    case "list":
      for (const item of expr.items) yield* calls(item);
      break;
    default:
      break;
  }
}

function expressionsOf(command: Command): { exprs: Expr[]; aggregatesAllowed: boolean } {
  switch (command.kind) {
    case "fields":
    case "display":
      return { exprs: command.items.map((i) => i.expr), aggregatesAllowed: false };
    case "filter":
    case "filterIndex":
      return { exprs: [command.condition], aggregatesAllowed: false };
    case "stats":
      return { exprs: command.aggregates.map((a) => a.expr), aggregatesAllowed: true };
    case "sort":
      return { exprs: command.keys.map((k) => k.expr), aggregatesAllowed: true };
    default:
      return { exprs: [], aggregatesAllowed: false };
  }
}

/**
 * Says why the local engine cannot run a query that parsed (a command it does not run, an unknown function,
 * an aggregate outside `stats`), or returns undefined when it can. CloudWatch would reject most of these too.
 */
export function checkSupported(ast: QueryAst): string | undefined {
  for (const command of ast.commands) {
    if (NOT_RUN.has(command.kind))
      return `the local Insights engine does not run '${command.kind}'; remove it or query CloudWatch`;
    if (command.kind === "source" && command.optionsText !== "")
      return `the local Insights engine does not apply SOURCE's '${command.optionsText}'; give the time window instead`;
    const { exprs, aggregatesAllowed } = expressionsOf(command);
    for (const expr of exprs) {
      for (const call of calls(expr)) {
        const name = call.name.toLowerCase();
        if (isAggregateName(name)) {
          if (!aggregatesAllowed)
            return `${call.name}() is a stats function; use it in 'stats', not '${command.kind}'`;
        } else if (name !== "bin" && SCALAR_FUNCTIONS[name] === undefined) {
          return `unknown function ${call.name}()`;
        }
      }
    }
  }
  return undefined;
}
