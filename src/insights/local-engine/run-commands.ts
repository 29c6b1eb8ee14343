import type { ResultRow } from "../logs-query-backend.js";
import type { Command, Expr, QueryAst, SortKey } from "../query-language/ast.js";
import { compileRegex } from "../query-language/compile-regex.js";
import { columnName, StatsAggregator } from "./aggregate.js";
import { evaluate } from "./evaluate-expression.js";
import { compileGlob, type GlobMatcher } from "./glob-matcher.js";
import { groupPatterns } from "./group-patterns.js";
import { compareValues, type Row, toText, truthy, type Value } from "./values.js";

/** Commands that look at one record at a time and can run while the files stream. */
const PER_RECORD = new Set<Command["kind"]>(["filter", "filterIndex", "parse", "fields", "unmask", "source"]);
const TIMESTAMP: Expr = { kind: "field", name: "@timestamp", span: { start: 0, end: 0 } };

const globCache = new WeakMap<Command, GlobMatcher>();
const regexCache = new WeakMap<Command, RegExp>();

/** Runs `parse` on one record. Globs go through a linear-time matcher: a backtracking regex is exponential. */
export function applyParse(command: Command & { kind: "parse" }, row: Row): void {
  const source = evaluate(command.source, row);
  if (source === null) return;
  const text = toText(source);
  if (command.pattern.kind === "regex") {
    let regex = regexCache.get(command);
    if (regex === undefined) {
      regex = compileRegex(command.pattern.pattern, command.pattern.flags);
      regexCache.set(command, regex);
    }
    const groups = regex.exec(text)?.groups;
    if (groups === undefined) return;
    for (const name of command.names) if (groups[name] !== undefined) row.set(name, groups[name] ?? null);
    return;
  }
  let matcher = globCache.get(command);
  if (matcher === undefined) {
    matcher = compileGlob(command.pattern.text);
    globCache.set(command, matcher);
  }
  const captures = matcher(text);
  if (captures === undefined) return;
  command.names.forEach((name, index) => {
    row.set(name, captures[index] ?? null);
  });
}

/** Applies a per-record command; returns false when the record is filtered out. */
function applyPerRecord(command: Command, row: Row): boolean {
  switch (command.kind) {
    case "filter":
    case "filterIndex":
      return truthy(evaluate(command.condition, row));
    case "parse":
      applyParse(command, row);
      return true;
    case "fields":
      for (const item of command.items) {
        if (item.expr.kind !== "field" || item.alias !== undefined)
          row.set(columnName(item), evaluate(item.expr, row));
      }
      return true;
    default:
      return true;
  }
}

function sortKeyValue(key: SortKey, row: Row): Value {
  const named = row.get(key.text);
  return named === undefined ? evaluate(key.expr, row) : named;
}

function sortRows(rows: Row[], keys: readonly SortKey[]): Row[] {
  return rows.sort((a, b) => {
    for (const key of keys) {
      const va = sortKeyValue(key, a);
      const vb = sortKeyValue(key, b);
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1;
        continue;
      }
      const order = compareValues(va, vb);
      if (order !== 0) return key.direction === "asc" ? order : -order;
    }
    return 0;
  });
}

function dedupRows(rows: Row[], fields: readonly Expr[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const values = fields.map((f) => evaluate(f, row));
    if (values.some((v) => v === null)) return true;
    const id = JSON.stringify(values.map((v) => toText(v)));
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Commands that may follow a `sort` whose rows are cut to the row cap early: none of them needs more rows. */
const KEEPS_TOP_ROWS = new Set<Command["kind"]>(["display", "fields", "limit", "parse", "unmask"]);

/**
 * Runs a parsed query over records pushed one at a time, command after command in pipe order, as CloudWatch
 * does: each `stats` consumes the rows before it, so `stats … by bin(5m) | stats max(n)` aggregates the first
 * stats' rows. Leading per-record commands (filter, parse, fields) run as records arrive; the first `stats`
 * aggregates as they arrive too, `sort … | limit N` keeps a bounded buffer and a leading `limit N` stops
 * collecting at N, so memory follows the matched rows rather than the scanned bytes. Without `sort` or `stats`,
 * rows come newest first, as CloudWatch returns them; without `fields`/`display`, every field is returned.
 */
export class QueryPipeline {
  private readonly prefix: Command[];
  private readonly rest: Command[];
  private readonly stats: StatsAggregator | undefined;
  private readonly topN: { keys: readonly SortKey[]; limit: number } | undefined;
  private readonly collectCap: number;
  private collected: Row[] = [];
  recordsMatched = 0;

  constructor(
    ast: QueryAst,
    private readonly maxRows: number,
  ) {
    const commands = [...ast.commands];
    const split = commands.findIndex((c) => !PER_RECORD.has(c.kind));
    this.prefix = split < 0 ? commands : commands.slice(0, split);
    this.rest = split < 0 ? [] : commands.slice(split);
    if (!commands.some((c) => c.kind === "sort" || c.kind === "stats" || c.kind === "pattern")) {
      this.rest.unshift({ kind: "sort", keys: [implicitNewestFirst], span: { start: 0, end: 0 } });
    }
    const first = this.rest[0];
    if (first?.kind === "stats") {
      this.stats = new StatsAggregator(first.aggregates, first.groupBy);
    }
    const second = this.rest[1];
    if (first?.kind === "sort") {
      if (second?.kind === "limit") this.topN = { keys: first.keys, limit: second.count };
      else if (this.rest.slice(1).every((c) => KEEPS_TOP_ROWS.has(c.kind)))
        this.topN = { keys: first.keys, limit: this.maxRows };
    }
    this.collectCap = first?.kind === "limit" ? first.count : Number.POSITIVE_INFINITY;
  }

  /** Feeds one record; returns whether it matched the per-record filters. */
  push(record: Row): boolean {
    for (const command of this.prefix) if (!applyPerRecord(command, record)) return false;
    this.recordsMatched++;
    if (this.stats !== undefined) {
      this.stats.add(record);
    } else if (this.collected.length < this.collectCap) {
      this.collected.push(record);
      if (this.topN !== undefined && this.collected.length >= this.topN.limit * 2 + 1000) {
        this.collected = sortRows(this.collected, this.topN.keys).slice(0, this.topN.limit);
      }
    }
    return true;
  }

  /** The result rows so far (called at the end, or for partial results while running). */
  results(): ResultRow[] {
    let columns = columnsOf(this.prefix, undefined);
    let rows: Row[] = [...this.collected];
    let commands = this.rest;
    if (this.stats !== undefined) {
      const aggregated = finishStats(this.stats, commands.slice(1));
      rows = aggregated.rows;
      columns = aggregated.columns;
      commands = commands.slice(1);
    }
    commands.forEach((command, index) => {
      if (command.kind === "stats") {
        const aggregator = new StatsAggregator(command.aggregates, command.groupBy);
        for (const row of rows) aggregator.add(row);
        const aggregated = finishStats(aggregator, commands.slice(index + 1));
        rows = aggregated.rows;
        columns = aggregated.columns;
        return;
      }
      rows = this.applyInMemory(command, rows);
      columns = columnsOf([command], columns);
    });
    return rows.slice(0, this.maxRows).map((row) => render(row, columns));
  }

  private applyInMemory(command: Command, rows: Row[]): Row[] {
    switch (command.kind) {
      case "sort":
        return sortRows(rows, command.keys);
      case "limit":
        return rows.slice(0, command.count);
      case "dedup":
        return dedupRows(rows, command.fields);
      case "pattern":
        return groupPatterns(rows, command.source);
      case "display":
        for (const row of rows)
          for (const item of command.items) row.set(columnName(item), evaluate(item.expr, row));
        return rows;
      default:
        return rows.filter((row) => applyPerRecord(command, row));
    }
  }
}

/** A stats' rows and columns; by bin() and with no sort after it, oldest bucket first. */
function finishStats(
  aggregator: StatsAggregator,
  after: readonly Command[],
): { rows: Row[]; columns: string[] } {
  const columns = aggregator.columns();
  const rows = aggregator.rows();
  return { rows: after.some((c) => c.kind === "sort") ? rows : sortByBin(rows, columns), columns };
}

const implicitNewestFirst: SortKey = {
  expr: TIMESTAMP,
  text: "@timestamp",
  direction: "desc",
  explicit: false,
};

/** Stats by `bin()` without a sort come out oldest bucket first, ready to chart. */
function sortByBin(rows: Row[], columns: readonly string[]): Row[] {
  const binColumn = columns.find((c) => /^bin\(/i.test(c));
  if (binColumn === undefined) return rows;
  const expr: Expr = { kind: "field", name: binColumn, span: { start: 0, end: 0 } };
  return sortRows(rows, [{ expr, text: binColumn, direction: "asc", explicit: false }]);
}

/** The visible columns after `commands`, or undefined while the query still returns every field. */
function columnsOf(commands: readonly Command[], start: readonly string[] | undefined): string[] | undefined {
  let columns = start === undefined ? undefined : [...start];
  const add = (names: readonly string[]) => {
    columns = [...(columns ?? []), ...names.filter((n) => !(columns ?? []).includes(n))];
  };
  for (const command of commands) {
    if (command.kind === "fields") add(command.items.map(columnName));
    else if (command.kind === "parse" && columns !== undefined) add(command.names);
    else if (command.kind === "display") columns = command.items.map(columnName);
    else if (command.kind === "pattern") columns = ["@pattern", "@ratio", "@sampleCount"];
  }
  return columns;
}

function render(row: Row, columns: readonly string[] | undefined): ResultRow {
  const names = columns ?? [...row.keys()];
  const cells: { field: string; value: string }[] = [];
  for (const field of names) {
    const value = row.get(field);
    if (value !== undefined && value !== null) cells.push({ field, value: toText(value) });
  }
  return cells;
}
