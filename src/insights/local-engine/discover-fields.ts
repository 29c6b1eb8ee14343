import type { LogEvent } from "./load-jsonl.js";
import { type Row, timeValue, type Value } from "./values.js";

/** CloudWatch stops discovering JSON fields past this many per event. */
const MAX_JSON_FIELDS = 200;

/** Adds a JSON value's leaves as dotted fields; stops once the record holds `limit` fields. */
function flattenInto(row: Row, prefix: string, value: unknown, limit: number): void {
  if (row.size >= limit) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      flattenInto(row, `${prefix}.${index}`, item, limit);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value))
      flattenInto(row, prefix === "" ? key : `${prefix}.${key}`, inner, limit);
  } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    if (prefix !== "" && !row.has(prefix)) row.set(prefix, value);
  }
}

/**
 * A record whose JSON fields are discovered on first need: most queries filter on `@message` or a couple of
 * fields, and parsing and flattening every JSON message up front was most of the engine's allocation. Any read
 * of a field the record does not hold yet, or of its whole contents, discovers them first; fields set before
 * that (by `parse` or `fields`) win over JSON keys of the same name, as they did when discovery came first
 * and they overwrote them.
 */
class LazyRecord extends Map<string, Value> {
  private pending:
    | {
        /** The JSON already parsed by the reader, or undefined to parse `message` when needed. */
        readonly parsed: unknown;
        readonly message: string;
        readonly limit: number;
      }
    | undefined;

  constructor(parsed: unknown, message: string, limit: number) {
    super();
    this.pending = { parsed, message, limit };
  }

  private discover(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    const parsed = pending.parsed === undefined ? parseObject(pending.message) : pending.parsed;
    flattenInto(this, "", parsed, pending.limit);
  }

  override get(key: string): Value | undefined {
    const value = super.get(key);
    if (value !== undefined || this.pending === undefined) return value;
    this.discover();
    return super.get(key);
  }

  override has(key: string): boolean {
    if (!super.has(key)) this.discover();
    return super.has(key);
  }

  override get size(): number {
    this.discover();
    return super.size;
  }

  override keys(): MapIterator<string> {
    this.discover();
    return super.keys();
  }

  override values(): MapIterator<Value> {
    this.discover();
    return super.values();
  }

  override entries(): MapIterator<[string, Value]> {
    this.discover();
    return super.entries();
  }

  override forEach(
    callback: (value: Value, key: string, map: Map<string, Value>) => void,
    thisArg?: unknown,
  ): void {
    this.discover();
    super.forEach(callback, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, Value]> {
    this.discover();
    return super[Symbol.iterator]();
  }
}

function parseObject(message: string): unknown {
  const trimmed = message.trimStart();
  if (!trimmed.startsWith("{")) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

const LAMBDA_REPORT: readonly [RegExp, string, number][] = [
  [/\bDuration: ([\d.]+) ms/, "@duration", 1],
  [/Billed Duration: ([\d.]+) ms/, "@billedDuration", 1],
  [/Memory Size: (\d+) MB/, "@memorySize", 1_000_000],
  [/Max Memory Used: (\d+) MB/, "@maxMemoryUsed", 1_000_000],
  [/Init Duration: ([\d.]+) ms/, "@initDuration", 1],
];

/** Lambda platform lines (`START`/`END`/`REPORT RequestId: …`) get `@type`, `@requestId` and REPORT metrics. */
function discoverLambda(row: Row, message: string): void {
  const head = /^(START|END|REPORT) RequestId: ([0-9a-fA-F-]+)/.exec(message);
  if (head === null) return;
  row.set("@type", head[1] ?? "");
  row.set("@requestId", head[2] ?? "");
  if (head[1] !== "REPORT") return;
  for (const [pattern, field, scale] of LAMBDA_REPORT) {
    const match = pattern.exec(message);
    if (match?.[1] !== undefined) row.set(field, Number(match[1]) * scale);
  }
}

/**
 * Builds the record Logs Insights would see for an event: the system fields (`@timestamp`, `@message`,
 * `@logStream`, `@log` as `account:group`, `@ingestionTime`) and fields discovered from a JSON message,
 * flattened with dots (`log_processed.metadata.reqId`, arrays as `items.0`). System fields win over JSON keys.
 */
export function buildRecord(event: LogEvent, logGroup: string, accountId: string): Row {
  const row = new LazyRecord(event.parsed, event.message, MAX_JSON_FIELDS);
  row.set("@timestamp", timeValue(event.timestamp));
  row.set("@message", event.message);
  row.set("@logStream", event.logStream);
  row.set("@log", `${accountId}:${logGroup}`);
  if (event.ingestionTime !== undefined) row.set("@ingestionTime", timeValue(event.ingestionTime));
  discoverLambda(row, event.message);
  return row;
}
