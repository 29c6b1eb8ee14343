import type { ParamConfig } from "../config/schema.js";
import { err, ok, type Result } from "../shared/result.js";
import { InsightsError } from "./errors.js";
import type { CompiledTemplate } from "./query-template.js";
import type { BoundValue } from "./quote-value.js";

/** The words of a `/insights` command: template name, `key=value` pairs in order, and the rest (the window). */
export interface CommandArgs {
  readonly templateName: string | undefined;
  readonly params: readonly (readonly [string, string])[];
  readonly rest: string;
}

/** Used when a `string` parameter declares no `maxLength`. */
export const DEFAULT_STRING_MAX_LENGTH = 200;
const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const INT = /^[-+]?\d{1,15}$/;
const DURATION = /^\d{1,6}[smhd]$/;
const KEY_VALUE = /^([A-Za-z][A-Za-z0-9_]*)=/;

function invalid(message: string): Result<never, InsightsError> {
  return err(new InsightsError("insights_invalid_param", message));
}

/** Undoes Slack's escaping of `& < >` and its typographic quotes so `key="a b"` works as typed. */
function normaliseSlackText(text: string): string {
  return text
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Splits slash-command text into words, honouring `key="value with spaces"` (straight or Slack's curly quotes),
 * then sorts the words into the template name, `key=value` pairs and the remaining words (the time window).
 */
export function parseCommandArgs(text: string): Result<CommandArgs, InsightsError> {
  const source = normaliseSlackText(text).trim();
  const words: string[] = [];
  let i = 0;
  while (i < source.length) {
    while (i < source.length && /\s/.test(source.charAt(i))) i += 1;
    if (i >= source.length) break;
    let word = "";
    while (i < source.length && !/\s/.test(source.charAt(i))) {
      const c = source.charAt(i);
      if (c === '"' && KEY_VALUE.test(word) && word.endsWith("=")) {
        const end = source.indexOf('"', i + 1);
        if (end < 0) return invalid(`Unterminated quote after ${word}; close the value with "`);
        word += source.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      word += c;
      i += 1;
    }
    words.push(word);
  }
  const [first, ...others] = words;
  const params: [string, string][] = [];
  const rest: string[] = [];
  for (const word of others) {
    const m = KEY_VALUE.exec(word);
    if (m?.[1] !== undefined) params.push([m[1], word.slice(m[0].length)]);
    else rest.push(word);
  }
  return ok({ templateName: first?.toLowerCase(), params, rest: rest.join(" ") });
}

/**
 * Checks one raw value against its parameter's declared type (`string` with anchored `pattern` and `maxLength`,
 * `enum`, `int` with bounds, `duration`, `id`) and returns the typed value. The structural character checks
 * happen when the value is quoted into its slot.
 */
export function validateParamValue(
  name: string,
  param: ParamConfig,
  raw: string,
): Result<BoundValue, InsightsError> {
  if (raw.length === 0) return invalid(`Parameter ${name} is empty; give a value as ${name}=<value>.`);
  switch (param.type) {
    case "string": {
      const max = param.maxLength ?? DEFAULT_STRING_MAX_LENGTH;
      if ([...raw].length > max) return invalid(`Parameter ${name} is longer than ${max} characters.`);
      if (param.pattern !== undefined && !new RegExp(`^(?:${param.pattern})$`).test(raw))
        return invalid(`Parameter ${name} must match the pattern ${param.pattern}; got "${raw}".`);
      return ok({ type: "text", text: raw });
    }
    case "enum":
      if (!param.values.includes(raw))
        return invalid(`Parameter ${name} must be one of ${param.values.join(", ")}; got "${raw}".`);
      return ok({ type: "text", text: raw });
    case "int": {
      if (!INT.test(raw))
        return invalid(`Parameter ${name} must be a whole number such as 5000; got "${raw}".`);
      const value = Number(raw);
      if (param.min !== undefined && value < param.min)
        return invalid(`Parameter ${name} must be at least ${param.min}; got ${value}.`);
      if (param.max !== undefined && value > param.max)
        return invalid(`Parameter ${name} must be at most ${param.max}; got ${value}.`);
      return ok({ type: "int", value });
    }
    case "duration":
      if (!DURATION.test(raw))
        return invalid(`Parameter ${name} must be a duration such as 30s, 5m, 1h or 1d; got "${raw}".`);
      return ok({ type: "duration", text: raw });
    case "id":
      if (!ID.test(raw))
        return invalid(
          `Parameter ${name} must be an ID of 1 to 128 letters, digits and . _ : - (such as a request or trace ID); got "${raw.slice(0, 140)}".`,
        );
      return ok({ type: "text", text: raw });
  }
}

/** The value a parameter takes when the user gives none, or undefined when it is required. */
export function defaultRawValue(param: ParamConfig): string | undefined {
  return param.default === undefined ? undefined : String(param.default);
}

/** A one-line usage string for a template, such as `api-request reqId=<id> [window]`. */
export function templateUsage(template: CompiledTemplate): string {
  const parts = Object.entries(template.params).map(([name, p]) => {
    const shape = p.type === "enum" ? p.values.join("|") : p.type;
    return p.default === undefined ? `${name}=<${shape}>` : `[${name}=<${shape}>]`;
  });
  return [template.name, ...parts, "[window]"].join(" ");
}

/**
 * Binds `key=value` pairs to a template's parameters: rejects unknown or repeated keys, fills defaults,
 * reports missing required parameters, and validates each value by type. The error names the parameter and
 * shows the template's usage.
 */
export function bindParams(
  template: CompiledTemplate,
  pairs: readonly (readonly [string, string])[],
): Result<Record<string, BoundValue>, InsightsError> {
  const given = new Map<string, string>();
  const usage = `Usage: /insights ${templateUsage(template)}`;
  for (const [key, value] of pairs) {
    if (!(key in template.params)) {
      const known = Object.keys(template.params);
      return invalid(
        `Template ${template.name} has no parameter ${key}; ${known.length > 0 ? `it takes ${known.join(", ")}` : "it takes none"}. ${usage}`,
      );
    }
    if (given.has(key)) return invalid(`Parameter ${key} is given twice; give it once. ${usage}`);
    given.set(key, value);
  }
  const bound: Record<string, BoundValue> = {};
  for (const [name, param] of Object.entries(template.params)) {
    const raw = given.get(name) ?? defaultRawValue(param);
    if (raw === undefined) return invalid(`Parameter ${name} is required. ${usage}`);
    const value = validateParamValue(name, param, raw);
    if (!value.ok) return value;
    bound[name] = value.value;
  }
  return ok(bound);
}
