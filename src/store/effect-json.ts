import type { StoredEffect } from "./stored-effect.js";

// A Date inside an effect (the first look's bins and spike times) is written as {"$date": "<ISO>"}; plain JSON
// would turn it into a string and the renderer, reading the row back, would get a string where it expects a Date.
const DATE_TAG = "$date";

function isTaggedDate(value: unknown): value is { [DATE_TAG]: string } {
  if (typeof value !== "object" || value === null) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    keys[0] === DATE_TAG &&
    typeof (value as Record<string, unknown>)[DATE_TAG] === "string"
  );
}

/**
 * The JSON text an outbox row stores for an effect. Dates keep their type through the round trip with
 * {@link decodeEffect}; an invalid Date is stored as null, as `JSON.stringify` does.
 */
export function encodeEffect(effect: StoredEffect): string {
  return JSON.stringify(effect, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (!(raw instanceof Date)) return value;
    return Number.isNaN(raw.getTime()) ? null : { [DATE_TAG]: raw.toISOString() };
  });
}

/** Reads an outbox row's effect back, Dates included; rows written before Dates were tagged read as they were. */
export function decodeEffect(text: string): StoredEffect {
  return JSON.parse(text, (_key, value: unknown) =>
    isTaggedDate(value) ? new Date(value[DATE_TAG]) : value,
  ) as StoredEffect;
}
