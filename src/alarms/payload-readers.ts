import type { AlarmState } from "./alarm.js";

/** A JSON object as read from a payload: nothing about its fields is trusted yet. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/**
 * An object with its `undefined` fields made optional, so it can be assigned to a model type under
 * `exactOptionalPropertyTypes`.
 */
export type Compact<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * Drops the fields whose value is `undefined`. Payload fields are optional everywhere, and building the model
 * through this keeps "absent" and "present but empty" apart without a conditional spread per field.
 */
export function compact<T extends object>(value: T): Compact<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Compact<T>;
}

/** Returns the value as a JSON object, or `undefined` for arrays, `null` and scalars. */
export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

/** Returns the value as an array, or an empty array when it is anything else. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Returns a non-empty string, or `undefined` for `null`, `""` and non-strings. */
export function readString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Account ids and dimension values are text, but hand-built payloads sometimes write them as numbers. */
export function readIdentifier(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return readString(value);
}

/**
 * Returns a finite number. Numeric strings (`"300"`, `"15.0"`) are accepted because hand-built and re-serialised
 * payloads (Terraform tests, chat bots forwarding alarms) often quote numbers.
 */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Returns a boolean, accepting the strings `"true"` and `"false"` too. */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

const STATES: ReadonlySet<string> = new Set(["OK", "ALARM", "INSUFFICIENT_DATA"]);

/** Returns a CloudWatch alarm state, case-insensitively, or `undefined` for anything else. */
export function readState(value: unknown): AlarmState | undefined {
  if (typeof value !== "string") return undefined;
  const upper = value.trim().toUpperCase();
  return STATES.has(upper) ? (upper as AlarmState) : undefined;
}

/**
 * Converts a CloudWatch time (`2024-07-05T15:20:44.959+0000`, ISO, or epoch milliseconds) to ISO-8601 UTC.
 * The `+0000` form has no colon; it is normalised first so the result does not depend on the engine's leniency.
 */
export function readIsoTime(value: unknown): string | undefined {
  let millis: number;
  if (typeof value === "number") {
    millis = value;
  } else if (typeof value === "string" && value.length > 0) {
    millis = Date.parse(value.trim().replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  } else {
    return undefined;
  }
  return Number.isFinite(millis) ? new Date(millis).toISOString() : undefined;
}

/** Parses a JSON string into an object, or returns `undefined` when it is not a JSON object. */
export function parseJsonRecord(text: string): JsonRecord | undefined {
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The fields of `record` whose names are not in `known`, or `undefined` when there are none. */
export function unknownFields(record: JsonRecord, known: ReadonlySet<string>): JsonRecord | undefined {
  const rest = Object.entries(record).filter(([key]) => !known.has(key));
  return rest.length > 0 ? Object.fromEntries(rest) : undefined;
}

/**
 * Reads metric dimensions in any spelling: the EventBridge object map, the SNS `[{value, name}]` list (key
 * order varies by year), or the API's `[{Name, Value}]`. Entries without a name or a value are dropped.
 */
export function readDimensions(value: unknown): Record<string, string> {
  const pairs: (readonly [string, unknown])[] = Array.isArray(value)
    ? value.map((entry) => {
        const record = asRecord(entry);
        return [readIdentifier(record?.name ?? record?.Name) ?? "", record?.value ?? record?.Value] as const;
      })
    : Object.entries(asRecord(value) ?? {});
  return Object.fromEntries(
    pairs.flatMap(([key, raw]) => {
      const text = readIdentifier(raw);
      return key === "" || text === undefined ? [] : [[key, text]];
    }),
  );
}
