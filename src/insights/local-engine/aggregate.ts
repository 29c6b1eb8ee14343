import type { Expr, Projection } from "../query-language/ast.js";
import { evaluate } from "./evaluate-expression.js";
import { compareValues, isTime, type Row, timeValue, toNumber, toText, type Value } from "./values.js";

const AGGREGATES = new Set([
  "count",
  "count_distinct",
  "sum",
  "avg",
  "min",
  "max",
  "pct",
  "percentile",
  "stddev",
  "earliest",
  "latest",
  "sortsfirst",
  "sortslast",
]);

/** True for stats functions: `count`, `avg`, `pct`, … and the `p95`-style percentile shorthand. */
export function isAggregateName(name: string): boolean {
  const lower = name.toLowerCase();
  return AGGREGATES.has(lower) || /^p\d+(?:\.\d+)?$/.test(lower);
}

/** The aggregate calls inside an expression (`sum(x) / count(*)` has two), outermost only. */
export function collectAggregateCalls(
  expr: Expr,
  into: (Expr & { kind: "call" })[] = [],
): (Expr & { kind: "call" })[] {
  switch (expr.kind) {
    case "call":
      if (isAggregateName(expr.name)) into.push(expr);
      else for (const arg of expr.args) collectAggregateCalls(arg, into);
      break;
    case "unary":
      collectAggregateCalls(expr.operand, into);
      break;
    case "binary":
      collectAggregateCalls(expr.left, into);
      collectAggregateCalls(expr.right, into);
      break;
    default:
      break;
  }
  return into;
}

interface Accumulator {
  add(row: Row): void;
  result(): Value;
}

/** Nearest-rank percentile: the smallest value with at least `p`% of the values at or below it. */
export function percentileOf(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

function numericAccumulator(
  arg: Expr | undefined,
  finish: (values: number[], allTimes: boolean) => Value,
): Accumulator {
  const values: number[] = [];
  let allTimes = true;
  return {
    add(row) {
      const value = arg === undefined ? null : evaluate(arg, row);
      const n = value === null ? null : toNumber(value);
      if (n === null) return;
      if (!isTime(value)) allTimes = false;
      values.push(n);
    },
    result: () => (values.length === 0 ? null : finish(values, allTimes)),
  };
}

function pickAccumulator(
  arg: Expr | undefined,
  better: (candidate: Value, best: Value) => boolean,
): Accumulator {
  let best: Value = null;
  return {
    add(row) {
      const value = arg === undefined ? null : evaluate(arg, row);
      if (value !== null && (best === null || better(value, best))) best = value;
    },
    result: () => best,
  };
}

function timeOrdered(arg: Expr | undefined, earliest: boolean): Accumulator {
  let best: Value = null;
  let bestTime = 0;
  return {
    add(row) {
      const value = arg === undefined ? null : evaluate(arg, row);
      if (value === null) return;
      const time = toNumber(row.get("@timestamp") ?? null) ?? 0;
      if (best === null || (earliest ? time < bestTime : time > bestTime)) {
        best = value;
        bestTime = time;
      }
    },
    result: () => best,
  };
}

function percentileArg(call: Expr & { kind: "call" }): number {
  const shorthand = /^p(\d+(?:\.\d+)?)$/i.exec(call.name);
  if (shorthand?.[1] !== undefined) return Number(shorthand[1]);
  const p = call.args[1];
  return p?.kind === "number" ? p.value : 50;
}

/** Creates the running state of one aggregate call; unknown names are rejected before the query runs. */
export function createAccumulator(call: Expr & { kind: "call" }): Accumulator {
  const name = call.name.toLowerCase();
  const arg = call.args[0];
  const maybeTime = (n: number, allTimes: boolean): Value => (allTimes ? timeValue(n) : n);
  switch (name) {
    case "count": {
      let count = 0;
      const countAll = arg === undefined || arg.kind === "star";
      return {
        add(row) {
          if (countAll || (arg !== undefined && evaluate(arg, row) !== null)) count++;
        },
        result: () => count,
      };
    }
    case "count_distinct": {
      const seen = new Set<string>();
      return {
        add(row) {
          const value = arg === undefined ? null : evaluate(arg, row);
          if (value !== null) seen.add(toText(value));
        },
        result: () => seen.size,
      };
    }
    case "sum":
      return numericAccumulator(arg, (v) => v.reduce((a, b) => a + b, 0));
    case "avg":
      return numericAccumulator(arg, (v) => v.reduce((a, b) => a + b, 0) / v.length);
    case "min":
      return numericAccumulator(arg, (v, t) =>
        maybeTime(
          v.reduce((a, b) => Math.min(a, b)),
          t,
        ),
      );
    case "max":
      return numericAccumulator(arg, (v, t) =>
        maybeTime(
          v.reduce((a, b) => Math.max(a, b)),
          t,
        ),
      );
    case "stddev":
      return numericAccumulator(arg, (v) => {
        if (v.length < 2) return 0;
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
      });
    case "earliest":
      return timeOrdered(arg, true);
    case "latest":
      return timeOrdered(arg, false);
    case "sortsfirst":
      return pickAccumulator(arg, (candidate, best) => compareValues(candidate, best) < 0);
    case "sortslast":
      return pickAccumulator(arg, (candidate, best) => compareValues(candidate, best) > 0);
    default: {
      const p = percentileArg(call);
      return numericAccumulator(arg, (v, t) => {
        const result = percentileOf(
          [...v].sort((a, b) => a - b),
          p,
        );
        return result === null ? null : maybeTime(result, t);
      });
    }
  }
}

/** Column name of a projection: its alias, else the expression as written (`count(*)`). */
export function columnName(projection: Projection): string {
  return projection.alias ?? projection.text;
}

interface Group {
  readonly key: Row;
  readonly accumulators: Map<Expr, Accumulator>;
}

/**
 * Runs one `stats` command: groups rows by the `by` expressions and feeds every aggregate call of every
 * projection. `rows()` yields one row per group, group columns first, then the aggregate columns.
 */
export class StatsAggregator {
  private readonly groups = new Map<string, Group>();
  private readonly calls: (Expr & { kind: "call" })[];

  constructor(
    private readonly aggregates: readonly Projection[],
    private readonly groupBy: readonly Projection[],
  ) {
    this.calls = aggregates.flatMap((p) => collectAggregateCalls(p.expr));
  }

  add(row: Row): void {
    const key: Row = new Map();
    for (const projection of this.groupBy) key.set(columnName(projection), evaluate(projection.expr, row));
    const id = JSON.stringify([...key.values()].map((v) => (v === null ? null : toText(v))));
    let group = this.groups.get(id);
    if (group === undefined) {
      group = { key, accumulators: new Map(this.calls.map((call) => [call, createAccumulator(call)])) };
      this.groups.set(id, group);
    }
    for (const accumulator of group.accumulators.values()) accumulator.add(row);
  }

  /** The output column names, group columns first. */
  columns(): string[] {
    return [...this.groupBy.map(columnName), ...this.aggregates.map(columnName)];
  }

  rows(): Row[] {
    return [...this.groups.values()].map((group) => {
      const values = new Map<Expr, Value>([...group.accumulators].map(([call, acc]) => [call, acc.result()]));
      const row: Row = new Map(group.key);
      for (const projection of this.aggregates) {
        row.set(columnName(projection), evaluate(projection.expr, group.key, values));
      }
      const bin = this.groupBy.find((p) => p.expr.kind === "call" && p.expr.name.toLowerCase() === "bin");
      if (bin !== undefined && !row.has("@timestamp"))
        row.set("@timestamp", row.get(columnName(bin)) ?? null);
      return row;
    });
  }
}
