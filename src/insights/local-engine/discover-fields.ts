import type { LogEvent } from "./load-jsonl.js";
import { type Row, timeValue, type Value } from "./values.js";

/** CloudWatch stops discovering JSON fields past this many per event. */
const MAX_JSON_FIELDS = 200;

function flattenInto(row: Row, prefix: string, value: unknown): void {
  if (row.size >= MAX_JSON_FIELDS) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      flattenInto(row, `${prefix}.${index}`, item);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value))
      flattenInto(row, prefix === "" ? key : `${prefix}.${key}`, inner);
  } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    if (prefix !== "" && !row.has(prefix)) row.set(prefix, value);
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
  const row: Row = new Map<string, Value>();
  row.set("@timestamp", timeValue(event.timestamp));
  row.set("@message", event.message);
  row.set("@logStream", event.logStream);
  row.set("@log", `${accountId}:${logGroup}`);
  if (event.ingestionTime !== undefined) row.set("@ingestionTime", timeValue(event.ingestionTime));
  discoverLambda(row, event.message);
  flattenInto(row, "", event.parsed ?? parseObject(event.message));
  return row;
}
