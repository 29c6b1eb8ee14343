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

/** The running state of one aggregate call in one group. */
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

function argValue(arg: Expr | undefined, row: Row): Value {
  return arg === undefined ? null : evaluate(arg, row);
}

class CountAccumulator implements Accumulator {
  private n = 0;
  constructor(private readonly arg: Expr | undefined) {}
  add(row: Row): void {
    if (this.arg === undefined || this.arg.kind === "star" || evaluate(this.arg, row) !== null) this.n++;
  }
  result(): Value {
    return this.n;
  }
}

class DistinctAccumulator implements Accumulator {
  private readonly seen = new Set<string>();
  constructor(private readonly arg: Expr | undefined) {}
  add(row: Row): void {
    const value = argValue(this.arg, row);
    if (value !== null) this.seen.add(toText(value));
  }
  result(): Value {
    return this.seen.size;
  }
}

type Running = "sum" | "avg" | "min" | "max" | "stddev";

/**
 * sum, avg, min, max and stddev in constant space: a running sum (in arrival order, so the total is the same
 * as summing a list), count, sum of squares and extremes. Times stay times for min and max.
 */
class RunningAccumulator implements Accumulator {
  private n = 0;
  private sum = 0;
  private squares = 0;
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;
  private allTimes = true;
  constructor(
    private readonly arg: Expr | undefined,
    private readonly kind: Running,
  ) {}
  add(row: Row): void {
    const value = argValue(this.arg, row);
    const n = value === null ? null : toNumber(value);
    if (n === null) return;
    if (!isTime(value)) this.allTimes = false;
    this.n++;
    this.sum += n;
    this.squares += n * n;
    if (n < this.low) this.low = n;
    if (n > this.high) this.high = n;
  }
  result(): Value {
    if (this.n === 0) return null;
    switch (this.kind) {
      case "sum":
        return this.sum;
      case "avg":
        return this.sum / this.n;
      case "min":
        return this.allTimes ? timeValue(this.low) : this.low;
      case "max":
        return this.allTimes ? timeValue(this.high) : this.high;
      default: {
        if (this.n < 2) return 0;
        const variance = (this.squares - (this.sum * this.sum) / this.n) / (this.n - 1);
        return Math.sqrt(Math.max(0, variance));
      }
    }
  }
}

/** Percentiles need every value; they are kept as plain doubles, sorted once at the end. */
class PercentileAccumulator implements Accumulator {
  private readonly values: number[] = [];
  private allTimes = true;
  constructor(
    private readonly arg: Expr | undefined,
    private readonly p: number,
  ) {}
  add(row: Row): void {
    const value = argValue(this.arg, row);
    const n = value === null ? null : toNumber(value);
    if (n === null) return;
    if (!isTime(value)) this.allTimes = false;
    this.values.push(n);
  }
  result(): Value {
    const result = percentileOf(
      [...this.values].sort((a, b) => a - b),
      this.p,
    );
    return result === null ? null : this.allTimes ? timeValue(result) : result;
  }
}

/** sortsFirst / sortsLast: the value that sorts first or last. */
class PickAccumulator implements Accumulator {
  private best: Value = null;
  constructor(
    private readonly arg: Expr | undefined,
    private readonly sign: 1 | -1,
  ) {}
  add(row: Row): void {
    const value = argValue(this.arg, row);
    if (value !== null && (this.best === null || this.sign * compareValues(value, this.best) < 0))
      this.best = value;
  }
  result(): Value {
    return this.best;
  }
}

/** earliest / latest: the value of the record with the smallest or largest @timestamp. */
class TimeOrderedAccumulator implements Accumulator {
  private best: Value = null;
  private bestTime = 0;
  constructor(
    private readonly arg: Expr | undefined,
    private readonly earliest: boolean,
  ) {}
  add(row: Row): void {
    const value = argValue(this.arg, row);
    if (value === null) return;
    const time = toNumber(row.get("@timestamp") ?? null) ?? 0;
    if (this.best === null || (this.earliest ? time < this.bestTime : time > this.bestTime)) {
      this.best = value;
      this.bestTime = time;
    }
  }
  result(): Value {
    return this.best;
  }
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
  switch (name) {
    case "count":
      return new CountAccumulator(arg);
    case "count_distinct":
      return new DistinctAccumulator(arg);
    case "sum":
    case "avg":
    case "min":
    case "max":
    case "stddev":
      return new RunningAccumulator(arg, name);
    case "earliest":
    case "latest":
      return new TimeOrderedAccumulator(arg, name === "earliest");
    case "sortsfirst":
    case "sortslast":
      return new PickAccumulator(arg, name === "sortsfirst" ? 1 : -1);
    default:
      return new PercentileAccumulator(arg, percentileArg(call));
  }
}

/** Column name of a projection: its alias, else the expression as written (`count(*)`). */
export function columnName(projection: Projection): string {
  return projection.alias ?? projection.text;
}

interface Group {
  readonly key: Value[];
  readonly accumulators: Accumulator[];
}

/** One group value as part of a group's identity; times by their epoch ms, which spares formatting a date. */
function idPart(value: Value | undefined): string {
  if (value === null || value === undefined) return "\u0000";
  return isTime(value) ? `\u0002${value.ms}` : toText(value);
}

/** A group's identity: its values, joined by a separator no rendered value contains. */
function groupId(key: readonly Value[]): string {
  return key.length === 1 ? idPart(key[0]) : key.map(idPart).join("\u0001");
}

/**
 * Runs one `stats` command: groups rows by the `by` expressions and feeds every aggregate call of every
 * projection. Each group holds only its key values and one small accumulator per call (running sums, counts
 * and extremes; percentiles keep their values), so memory follows the number of groups, not of rows.
 * `rows()` yields one row per group, group columns first, then the aggregate columns.
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
    const key = this.groupBy.map((projection) => evaluate(projection.expr, row));
    const id = groupId(key);
    let group = this.groups.get(id);
    if (group === undefined) {
      group = { key, accumulators: this.calls.map(createAccumulator) };
      this.groups.set(id, group);
    }
    for (const accumulator of group.accumulators) accumulator.add(row);
  }

  /** The output column names, group columns first. */
  columns(): string[] {
    return [...this.groupBy.map(columnName), ...this.aggregates.map(columnName)];
  }

  rows(): Row[] {
    const bin = this.groupBy.find((p) => p.expr.kind === "call" && p.expr.name.toLowerCase() === "bin");
    const groupColumns = this.groupBy.map(columnName);
    // One scratch map of aggregate results, reused for every group: a stats by bin() over weeks has tens of
    // thousands of groups, and a map per group would double the memory of the answer.
    const values = new Map<Expr, Value>();
    const rows: Row[] = [];
    for (const group of this.groups.values()) {
      const row: Row = new Map();
      groupColumns.forEach((name, i) => {
        row.set(name, group.key[i] ?? null);
      });
      this.calls.forEach((call, i) => {
        values.set(call, group.accumulators[i]?.result() ?? null);
      });
      // In order, so a later column may use an earlier one's alias, as AWS's Lambda memory sample does
      // (`max(@memorySize / 1000 / 1000) as provisionedMemoryMB, …, provisionedMemoryMB - maxMemoryUsedMB`).
      for (const projection of this.aggregates) {
        row.set(columnName(projection), evaluate(projection.expr, row, values));
      }
      if (bin !== undefined && !row.has("@timestamp"))
        row.set("@timestamp", row.get(columnName(bin)) ?? null);
      rows.push(row);
    }
    return rows;
  }
}
