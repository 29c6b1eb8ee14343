import type { ServiceConfig } from "../config/schema.js";
import type { ResultRow } from "../insights/logs-query-backend.js";
import { compileErrorPattern, inferLevel, parseInsightsTimestamp } from "./timeline-fields.js";

/** The parts of a service definition that decide how its rows read (message, level, what counts as an error). */
export type TimelineService = Pick<
  ServiceConfig,
  "messageField" | "levelField" | "errorLevels" | "errorPattern"
>;

/** What one service's trace query returned. */
export interface ServiceTraceResult {
  readonly service: string;
  readonly config: TimelineService;
  readonly rows: readonly ResultRow[];
  /** The query's row limit; a service that hit it is reported as truncated. */
  readonly limit?: number;
}

export interface TimelineEntry {
  readonly service: string;
  readonly time: Date;
  /** Milliseconds since the first line of the whole timeline. */
  readonly offsetMs: number;
  readonly level?: string;
  readonly message: string;
  readonly stream?: string;
  /** Log group name without the `account:` prefix Insights puts in `@log`. */
  readonly logGroup?: string;
  readonly isError: boolean;
}

/** The gap between two consecutive services, in the order services first appear. */
export interface TimelineHop {
  readonly from: string;
  readonly to: string;
  /** The last line of `from` at or before `toTime`. */
  readonly fromTime: Date;
  /** The first line of `to`. */
  readonly toTime: Date;
  readonly latencyMs: number;
}

export interface ServiceSummary {
  readonly service: string;
  readonly count: number;
  readonly errorCount: number;
  readonly firstTime?: Date;
  readonly lastTime?: Date;
  readonly truncated: boolean;
}

export interface Timeline {
  readonly entries: readonly TimelineEntry[];
  readonly hops: readonly TimelineHop[];
  readonly firstError?: TimelineEntry;
  /** One summary per input service, in input order. */
  readonly services: readonly ServiceSummary[];
  readonly counts: Readonly<Record<string, number>>;
  /** Services whose query found no line for the ID. */
  readonly silentServices: readonly string[];
  readonly start?: Date;
  readonly end?: Date;
  readonly durationMs: number;
  /** Rows dropped or settings ignored, worded for the reply's footer. */
  readonly warnings: readonly string[];
}

interface Draft {
  readonly service: string;
  readonly serviceIndex: number;
  readonly rowIndex: number;
  readonly timeMs: number;
  readonly level?: string;
  readonly message: string;
  readonly stream?: string;
  readonly logGroup?: string;
  readonly isError: boolean;
}

function fieldValue(row: ResultRow, field: string): string | undefined {
  const v = row.find((f) => f.field === field)?.value;
  return v === undefined || v === "" ? undefined : v;
}

function readRows(result: ServiceTraceResult, serviceIndex: number, warnings: string[]): Draft[] {
  const { config, service } = result;
  const compiled = compileErrorPattern(service, config.errorPattern);
  if (!compiled.ok) warnings.push(compiled.error.message);
  const pattern = compiled.ok ? compiled.value : undefined;
  const errorLevels = new Set(config.errorLevels.map((l) => l.toLowerCase()));
  const drafts: Draft[] = [];
  let unparsable = 0;
  result.rows.forEach((row, rowIndex) => {
    const timeMs = parseInsightsTimestamp(fieldValue(row, "@timestamp"));
    if (timeMs === undefined) {
      unparsable += 1;
      return;
    }
    const message = fieldValue(row, config.messageField) ?? fieldValue(row, "@message") ?? "";
    const fieldLevel = config.levelField === undefined ? undefined : fieldValue(row, config.levelField);
    const level = fieldLevel ?? inferLevel(message);
    // A structured level is authoritative; the pattern is only for services that log plain text.
    const isError =
      fieldLevel !== undefined
        ? errorLevels.has(fieldLevel.toLowerCase())
        : (pattern?.test(message) ?? false);
    const stream = fieldValue(row, "@logStream");
    const log = fieldValue(row, "@log");
    drafts.push({
      service,
      serviceIndex,
      rowIndex,
      timeMs,
      message,
      isError,
      ...(level !== undefined && { level }),
      ...(stream !== undefined && { stream }),
      ...(log !== undefined && { logGroup: log.replace(/^\d{12}:/, "") }),
    });
  });
  if (unparsable > 0) {
    warnings.push(`${service}: ${unparsable} line(s) without a readable @timestamp were left out.`);
  }
  return drafts;
}

function computeHops(entries: readonly TimelineEntry[], order: readonly string[]): TimelineHop[] {
  const hops: TimelineHop[] = [];
  for (let i = 1; i < order.length; i += 1) {
    const from = order[i - 1];
    const to = order[i];
    const first = entries.find((e) => e.service === to);
    if (from === undefined || to === undefined || first === undefined) continue;
    // Calls nest (API → moderation → API's reply), so "last line of A" means the last one before B begins.
    const before = entries
      .filter((e) => e.service === from && e.time.getTime() <= first.time.getTime())
      .at(-1);
    if (before === undefined) continue;
    hops.push({
      from,
      to,
      fromTime: before.time,
      toTime: first.time,
      latencyMs: first.time.getTime() - before.time.getTime(),
    });
  }
  return hops;
}

/**
 * Merges every service's trace rows into one time-ordered timeline: entries with their offset from the first
 * line, per-hop latency between services in the order they first appear, the first error (level in the
 * service's `errorLevels`, or for services without a level field a message matching `errorPattern`), counts
 * per service and the services that logged nothing. Equal timestamps keep input service order, then row order.
 */
export function mergeTimeline(results: readonly ServiceTraceResult[]): Timeline {
  const warnings: string[] = [];
  const drafts = results.flatMap((r, i) => readRows(r, i, warnings));
  drafts.sort((a, b) => a.timeMs - b.timeMs || a.serviceIndex - b.serviceIndex || a.rowIndex - b.rowIndex);

  const startMs = drafts[0]?.timeMs;
  const entries: TimelineEntry[] = drafts.map(({ serviceIndex: _s, rowIndex: _r, timeMs, ...rest }) => ({
    ...rest,
    time: new Date(timeMs),
    offsetMs: timeMs - (startMs ?? timeMs),
  }));

  const order: string[] = [];
  for (const e of entries) if (!order.includes(e.service)) order.push(e.service);

  const services: ServiceSummary[] = results.map((r) => {
    const mine = entries.filter((e) => e.service === r.service);
    const firstTime = mine[0]?.time;
    const lastTime = mine.at(-1)?.time;
    return {
      service: r.service,
      count: mine.length,
      errorCount: mine.filter((e) => e.isError).length,
      truncated: r.limit !== undefined && r.rows.length >= r.limit,
      ...(firstTime !== undefined && { firstTime }),
      ...(lastTime !== undefined && { lastTime }),
    };
  });
  for (const s of services) {
    if (s.truncated) warnings.push(`${s.service}: the row limit was reached, so later lines may be missing.`);
  }

  const first = entries[0];
  const last = entries.at(-1);
  const firstError = entries.find((e) => e.isError);
  return {
    entries,
    hops: computeHops(entries, order),
    services,
    counts: Object.fromEntries(services.map((s) => [s.service, s.count])),
    silentServices: services.filter((s) => s.count === 0).map((s) => s.service),
    durationMs: first && last ? last.time.getTime() - first.time.getTime() : 0,
    warnings,
    ...(firstError !== undefined && { firstError }),
    ...(first !== undefined && { start: first.time }),
    ...(last !== undefined && { end: last.time }),
  };
}
