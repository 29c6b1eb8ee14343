import type { BinaryOperator, Expr } from "../query-language/ast.js";
import { compileRegex } from "../query-language/compile-regex.js";
import { SCALAR_FUNCTIONS } from "./scalar-functions.js";
import { type Row, timeValue, toNumber, toText, truthy, type Value, valuesEqual } from "./values.js";

/** Values of aggregate calls already computed for a stats group, looked up by AST node. */
export type AggregateValues = ReadonlyMap<Expr, Value>;

const regexCache = new WeakMap<Expr, RegExp>();

function regexOf(expr: Expr & { kind: "regex" }): RegExp {
  let compiled = regexCache.get(expr);
  if (compiled === undefined) {
    compiled = compileRegex(expr.pattern, expr.flags);
    regexCache.set(expr, compiled);
  }
  return compiled;
}

/** `like` with a regex matches anywhere in the value; with a string it is a case-sensitive substring test. */
function matchesLike(
  subject: Value,
  pattern: Expr,
  row: Row,
  aggregates: AggregateValues | undefined,
): boolean {
  if (subject === null) return false;
  const text = toText(subject);
  if (pattern.kind === "regex") return regexOf(pattern).test(text);
  const needle = evaluate(pattern, row, aggregates);
  return needle !== null && text.includes(toText(needle));
}

function compare(op: BinaryOperator, left: Value, right: Value): boolean {
  if (left === null || right === null) return false;
  if (op === "=") return valuesEqual(left, right);
  if (op === "!=") return !valuesEqual(left, right);
  const a = toNumber(left);
  const b = toNumber(right);
  const order = a !== null && b !== null ? a - b : toText(left).localeCompare(toText(right));
  if (op === "<") return order < 0;
  if (op === "<=") return order <= 0;
  if (op === ">") return order > 0;
  return order >= 0;
}

function arithmetic(op: BinaryOperator, left: Value, right: Value): Value {
  const a = toNumber(left);
  const b = toNumber(right);
  if (a === null || b === null) return null;
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return b === 0 ? null : a / b;
    case "%":
      return b === 0 ? null : a % b;
    default:
      return a ** b;
  }
}

function evaluateBinary(
  expr: Expr & { kind: "binary" },
  row: Row,
  aggregates: AggregateValues | undefined,
): Value {
  const { op } = expr;
  if (op === "and")
    return truthy(evaluate(expr.left, row, aggregates)) && truthy(evaluate(expr.right, row, aggregates));
  if (op === "or")
    return truthy(evaluate(expr.left, row, aggregates)) || truthy(evaluate(expr.right, row, aggregates));
  const left = evaluate(expr.left, row, aggregates);
  if (op === "like" || op === "=~") return matchesLike(left, expr.right, row, aggregates);
  if (op === "not like") return left !== null && !matchesLike(left, expr.right, row, aggregates);
  if (op === "in" || op === "not in") {
    const items = expr.right.kind === "list" ? expr.right.items : [expr.right];
    if (left === null) return false;
    const found = items.some((item) => valuesEqual(left, evaluate(item, row, aggregates)));
    return op === "in" ? found : !found;
  }
  const right = evaluate(expr.right, row, aggregates);
  if (["=", "!=", "<", "<=", ">", ">="].includes(op)) return compare(op, left, right);
  return arithmetic(op, left, right);
}

/**
 * Evaluates an expression against one record (or one stats row, with `aggregates` holding that group's
 * aggregate results). Absent fields are `null` and make comparisons false, as in CloudWatch. Durations evaluate
 * to milliseconds, `bin(d)` to the start of the `d`-long bucket holding `@timestamp`.
 */
export function evaluate(expr: Expr, row: Row, aggregates?: AggregateValues): Value {
  switch (expr.kind) {
    case "field":
      return row.get(expr.name) ?? null;
    case "string":
    case "number":
    case "boolean":
      return expr.value;
    case "regex":
      return expr.pattern;
    case "duration":
      return expr.milliseconds;
    case "star":
      return 1;
    case "namedArg":
      return evaluate(expr.value, row, aggregates);
    case "list":
      return expr.items.map((item) => toText(evaluate(item, row, aggregates))).join(",");
    case "unary": {
      const operand = evaluate(expr.operand, row, aggregates);
      if (expr.op === "not") return !truthy(operand);
      const n = toNumber(operand);
      return n === null ? null : expr.op === "-" ? -n : n;
    }
    case "binary":
      return evaluateBinary(expr, row, aggregates);
    case "call":
      return evaluateCall(expr, row, aggregates);
  }
}

function evaluateCall(
  expr: Expr & { kind: "call" },
  row: Row,
  aggregates: AggregateValues | undefined,
): Value {
  const precomputed = aggregates?.get(expr);
  if (precomputed !== undefined) return precomputed;
  const name = expr.name.toLowerCase();
  if (name === "bin") {
    const step = toNumber(expr.args[0] === undefined ? null : evaluate(expr.args[0], row, aggregates));
    const ms = toNumber(row.get("@timestamp") ?? null);
    if (step === null || step <= 0 || ms === null) return null;
    return timeValue(Math.floor(ms / step) * step);
  }
  const fn = SCALAR_FUNCTIONS[name];
  if (fn === undefined) return null;
  return fn(expr.args.map((arg) => evaluate(arg, row, aggregates)));
}
