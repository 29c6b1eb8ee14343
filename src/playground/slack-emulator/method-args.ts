import type { EmulatorState } from "./emulator-state.js";
import type { JsonObject } from "./emulator-types.js";

/** A string argument; numbers count too, since form-encoded clients send everything as strings. */
export function stringArg(args: JsonObject, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/** A non-empty string argument. */
export function presentArg(args: JsonObject, key: string): string | undefined {
  const value = stringArg(args, key);
  return value === undefined || value === "" ? undefined : value;
}

/** A boolean argument sent as a JSON boolean or as `"true"`/`"1"` in a form. */
export function boolArg(args: JsonObject, key: string): boolean {
  const value = args[key];
  return value === true || value === "true" || value === "1" || value === 1;
}

/** An integer argument, or the fallback when absent or not a number. */
export function intArg(args: JsonObject, key: string, fallback: number): number {
  const raw = stringArg(args, key);
  const parsed = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

/** A structured argument that form-encoded clients send as a JSON string (files, metadata). */
export function jsonArg(args: JsonObject, key: string): unknown {
  const value = args[key];
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Slack's success envelope. */
export function okBody(fields: JsonObject = {}): JsonObject {
  return { ok: true, ...fields };
}

/** Slack's error envelope (sent with HTTP 200, as the Web API does for platform errors). */
export function errorBody(error: string, fields: JsonObject = {}): JsonObject {
  return { ok: false, error, ...fields };
}

/** What every method handler sees: the workspace state and the emulator's base URL (for links and upload URLs). */
export interface MethodContext {
  readonly state: EmulatorState;
  readonly baseUrl: string;
}

/** A Web API method: arguments in, Slack response body out (always with `ok`). */
export type MethodHandler = (args: JsonObject, ctx: MethodContext) => JsonObject;
