import type { ResultRow } from "../insights/logs-query-backend.js";
import type { BinPoint } from "./bin-counts.js";
import { COUNT_FIELD, ERRORS_FIELD, STREAM_FIELD } from "./build-error-queries.js";
import type { ErrorEvent } from "./group-patterns.js";
import type { StreamCount } from "./top-streams.js";

/** Rows turned into values, plus how many rows could not be read (shown as a footnote, never fatal). */
export interface ParsedRows<T> {
  readonly items: readonly T[];
  readonly skipped: number;
}

/**
 * Parses a Logs Insights time value. CloudWatch returns `2024-05-01 10:15:00.000` in UTC without a zone; the
 * local engine may return ISO 8601 with one. Returns undefined for anything else.
 */
export function parseInsightsTime(value: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(
    value.trim(),
  );
  if (match === null) return undefined;
  const date = new Date(`${match[1]}T${match[2]}${match[3] ?? "Z"}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Reads rows of the `countsByBin` query: the `bin(…)` field and the `errors` count. */
export function rowsToBinPoints(rows: readonly ResultRow[]): ParsedRows<BinPoint> {
  return parseEach(rows, (row) => {
    const binValue = row.find((cell) => cell.field.startsWith("bin("))?.value;
    const time = binValue === undefined ? undefined : parseInsightsTime(binValue);
    const count = readCount(row, ERRORS_FIELD);
    return time === undefined || count === undefined ? undefined : { time, count };
  });
}

/** Reads rows of the `topMessages` query: the message field and the `n` count. */
export function rowsToErrorEvents(rows: readonly ResultRow[], messageField: string): ParsedRows<ErrorEvent> {
  return parseEach(rows, (row) => {
    const message = row.find((cell) => cell.field === messageField)?.value;
    const count = readCount(row, COUNT_FIELD);
    return message === undefined || count === undefined ? undefined : { message, count };
  });
}

/** Reads rows of the `topStreams` query: `@logStream` and the `n` count. */
export function rowsToStreamCounts(rows: readonly ResultRow[]): ParsedRows<StreamCount> {
  return parseEach(rows, (row) => {
    const stream = row.find((cell) => cell.field === STREAM_FIELD)?.value;
    const count = readCount(row, COUNT_FIELD);
    return stream === undefined || count === undefined ? undefined : { stream, count };
  });
}

function readCount(row: ResultRow, field: string): number | undefined {
  const value = row.find((cell) => cell.field === field)?.value;
  if (value === undefined || value.trim() === "") return undefined;
  const count = Number(value);
  return Number.isFinite(count) && count >= 0 ? count : undefined;
}

function parseEach<T>(rows: readonly ResultRow[], parse: (row: ResultRow) => T | undefined): ParsedRows<T> {
  const items: T[] = [];
  let skipped = 0;
  for (const row of rows) {
    const item = parse(row);
    if (item === undefined) skipped += 1;
    else items.push(item);
  }
  return { items, skipped };
}
