import type { QueryStatistics, ResultRow } from "../insights/logs-query-backend.js";
import type { QueryParseError } from "../insights/query-language/errors.js";
import { formatBytes } from "../insights/run-query.js";

/** Result rows as columns (first-seen order, without `@ptr`) and aligned cells ("" where a row lacks one). */
export interface QueryTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Builds the table of a query's results, the same shape `/insights` shows. */
export function toQueryTable(results: readonly ResultRow[]): QueryTable {
  const columns: string[] = [];
  for (const row of results)
    for (const cell of row)
      if (cell.field !== "@ptr" && !columns.includes(cell.field)) columns.push(cell.field);
  const rows = results.map((row) => {
    const byField = new Map(row.map((c) => [c.field, c.value]));
    return columns.map((c) => byField.get(c) ?? "");
  });
  return { columns, rows };
}

function oneLine(value: string): string {
  return value.replace(/\r?\n/g, "⏎");
}

/** An aligned text table for a terminal: a header, a rule, one line per row (newlines shown as ⏎). */
export function formatTable(table: QueryTable): string {
  if (table.columns.length === 0) return "(no rows)";
  const cells = table.rows.map((row) => row.map(oneLine));
  const widths = table.columns.map((c, i) =>
    Math.max(c.length, ...cells.map((row) => (row[i] ?? "").length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(table.columns), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 CSV: a header line, then one line per row, fields quoted when they hold `,`, `"` or a newline. */
export function formatCsv(table: QueryTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvField).join(",")).join("\n");
}

/** One JSON array of objects, one per row, with only the fields the row has. */
export function formatJson(results: readonly ResultRow[]): string {
  const rows = results.map((row) =>
    Object.fromEntries(row.filter((c) => c.field !== "@ptr").map((c) => [c.field, c.value])),
  );
  return JSON.stringify(rows, null, 2);
}

/** `12 rows · 340 records matched · 5,120 records scanned · 1.2 MB scanned`. */
export function formatStatistics(rowCount: number, statistics: QueryStatistics): string {
  const n = (value: number) => value.toLocaleString("en-US");
  return `${n(rowCount)} row${rowCount === 1 ? "" : "s"} · ${n(statistics.recordsMatched)} records matched · ${n(statistics.recordsScanned)} records scanned · ${formatBytes(statistics.bytesScanned)} scanned`;
}

/**
 * A parse error as a terminal shows it: the message with line and column, the offending query line, and carets
 * under the offending span.
 */
export function formatParseError(query: string, error: QueryParseError): string {
  const lines = query.split("\n");
  const text = lines[error.line - 1] ?? "";
  const lineStart = error.startOffset - (error.column - 1);
  const spanEnd = Math.min(error.endOffset, lineStart + text.length);
  const width = Math.max(1, spanEnd - error.startOffset);
  return `${error.message}\n  ${text}\n  ${" ".repeat(error.column - 1)}${"^".repeat(width)}`;
}
