/** A point in time, kept apart from plain numbers so results render it as CloudWatch does. */
export interface TimeValue {
  readonly kind: "time";
  readonly ms: number;
}

/** A field or expression value; `null` means absent (the field does not exist on the record). */
export type Value = string | number | boolean | null | TimeValue;

/** One log record or result row: field name to value. */
export type Row = Map<string, Value>;

/** Wraps epoch milliseconds as a {@link TimeValue}. */
export function timeValue(ms: number): TimeValue {
  return { kind: "time", ms };
}

/** True for {@link TimeValue}s. */
export function isTime(value: Value): value is TimeValue {
  return typeof value === "object" && value !== null;
}

const NUMERIC = /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** The number a value stands for (numeric strings count, times are epoch ms), or `null` when it has none. */
export function toNumber(value: Value): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string") return NUMERIC.test(value) ? Number(value) : null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === null) return null;
  return value.ms;
}

/** Formats epoch ms as CloudWatch does in results: `2022-05-01 12:00:40.919` (UTC). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

/** Renders a value as the string CloudWatch puts in a result cell. */
export function toText(value: Value): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return formatTimestamp(value.ms);
}

/** Filter truthiness: absent, false, 0 and "" are false. */
export function truthy(value: Value): boolean {
  if (value === null || value === false || value === 0 || value === "") return false;
  return true;
}

/** Equality as `=` and `in` see it: numerically when both sides are numbers, else as rendered strings. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === null || b === null) return false;
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== null && nb !== null && typeof a !== "boolean" && typeof b !== "boolean") return na === nb;
  return toText(a) === toText(b);
}

function naturalChunks(text: string): string[] {
  return text.match(/\d+|\D+/g) ?? [];
}

function compareText(a: string, b: string): number {
  const ca = naturalChunks(a);
  const cb = naturalChunks(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i] ?? "";
    const y = cb[i] ?? "";
    if (x === y) continue;
    const digits = /^\d/.test(x) && /^\d/.test(y);
    if (digits && x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

/**
 * Ascending order as CloudWatch's `sort` documents it: non-number values first (natural order: digit runs by
 * length then value), then numbers by value. Absent values always go last, whatever the direction.
 */
export function compareValues(a: Value, b: Value): number {
  const na = typeof a === "boolean" ? null : toNumber(a);
  const nb = typeof b === "boolean" ? null : toNumber(b);
  if (na !== null && nb !== null) return na - nb;
  if (na !== null) return 1;
  if (nb !== null) return -1;
  return compareText(toText(a), toText(b));
}
