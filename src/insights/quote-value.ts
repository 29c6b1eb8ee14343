import { err, ok, type Result } from "../shared/result.js";
import { InsightsError } from "./errors.js";

/**
 * Where a `{{slot}}` sits in a template: `literal` anywhere a value may stand (it becomes a quoted string, or
 * a bare number/duration), `regex` inside a `/…/` regex literal (it becomes an escaped regex body).
 */
export type SlotContext = "literal" | "regex";

/** A parameter value after type validation, ready to be placed into a query. */
export type BoundValue =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "int"; readonly value: number }
  | { readonly type: "duration"; readonly text: string };

const REGEX_META = /[.^$*+?()[\]{}]/g;
const DURATION = /^\d{1,6}(?:ms|s|m|h|d)$/;

/** Characters refused in every context; Insights has no documented escaping, so we never try to escape them. */
const FORBIDDEN: readonly { readonly test: (c: string) => boolean; readonly label: string }[] = [
  { test: (c) => c === "|", label: "the pipe `|` (it starts a new query command)" },
  { test: (c) => c === "'" || c === '"', label: "a quote (it would end the string)" },
  { test: (c) => c === "`", label: "a backtick (it quotes field names)" },
  { test: (c) => c === "#", label: "`#` (it starts a comment)" },
  { test: (c) => c === "\\", label: "a backslash (it escapes the next character)" },
  { test: (c) => c === "\n" || c === "\r", label: "a line break" },
  {
    test: (c) => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(c),
    label: "an invisible control or format character",
  },
];

const ALLOWED =
  "letters, digits, spaces and punctuation except | ' \" ` # \\ (and / inside a regex), with no control characters";

function describe(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

function refuse(param: string, reason: string): Result<never, InsightsError> {
  return err(new InsightsError("insights_invalid_param", `Parameter ${param}: ${reason}.`));
}

/**
 * Finds the first character of `text` that could change a query's structure in `context`, or undefined when
 * the text is safe. Shared by the quoting function and by config validation of enum values and defaults.
 */
export function findForbiddenCharacter(
  text: string,
  context: SlotContext,
): { readonly char: string; readonly label: string } | undefined {
  for (const c of text) {
    if (context === "regex" && c === "/") return { char: c, label: "a slash (it would end the regex)" };
    const hit = FORBIDDEN.find((f) => f.test(c));
    if (hit) return { char: c, label: hit.label };
  }
  return undefined;
}

/**
 * THE one way a user value enters a Logs Insights query. Text becomes a single-quoted string literal, or an
 * escaped regex body inside `/…/`; ints and durations stay bare. Values that could end the literal, start a
 * new command or a comment are refused, never escaped, and the message names the parameter, the character
 * and what is allowed.
 */
export function quoteValue(
  param: string,
  value: BoundValue,
  context: SlotContext,
): Result<string, InsightsError> {
  if (value.type === "int") {
    if (!Number.isSafeInteger(value.value)) return refuse(param, "expected a whole number");
    return ok(String(value.value));
  }
  if (value.type === "duration") {
    if (!DURATION.test(value.text))
      return refuse(
        param,
        `"${value.text}" is not a duration; expected a number and a unit, such as 5m or 1h`,
      );
    return ok(value.text);
  }
  const text = value.text;
  if (text.length === 0) return refuse(param, "the value is empty; give a value such as key=value");
  const bad = findForbiddenCharacter(text, context);
  if (bad) {
    return refuse(
      param,
      `the value contains ${bad.label}, character ${describe(bad.char)}; allowed: ${ALLOWED}`,
    );
  }
  if (context === "regex") return ok(text.replace(REGEX_META, "\\$&"));
  return ok(`'${text}'`);
}
