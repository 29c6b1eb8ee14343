import type { ParamConfig, TemplateConfig } from "../config/schema.js";
import { err, ok, type Result } from "../shared/result.js";
import type { InsightsError } from "./errors.js";
import { locate } from "./query-language/errors.js";
import { type BoundValue, quoteValue, type SlotContext } from "./quote-value.js";

/** One piece of a compiled template: verbatim query text or a `{{param}}` slot and where it sits. */
export type TemplateSegment =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "slot"; readonly name: string; readonly context: SlotContext };

/** A config template checked and split into segments, ready to be rendered with bound values. */
export interface CompiledTemplate {
  readonly name: string;
  readonly description: string;
  readonly logGroups: readonly string[];
  /** The account (name or id under `accounts:`) and region the log groups live in, when the template names them. */
  readonly account?: string;
  readonly region?: string;
  readonly params: Readonly<Record<string, ParamConfig>>;
  readonly defaultWindow: string;
  readonly maxWindow: string;
  readonly allowedChannels: readonly string[] | undefined;
  readonly allowedUserGroups: readonly string[] | undefined;
  readonly query: string;
  readonly segments: readonly TemplateSegment[];
}

/** A problem with one template, reported at start-up and by `klaxon validate`. */
export interface TemplateIssue {
  readonly template: string;
  readonly message: string;
}

/** "query line 2, column 22": where in the template's query text a problem starts. */
function at(query: string, offset: number): string {
  const where = locate(query, offset);
  return `query line ${where.line}, column ${where.column}`;
}

interface ScanState {
  readonly segments: TemplateSegment[];
  readonly problems: string[];
}

const SLOT = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/;
const WORD = /^[A-Za-z0-9_@.$]+/;
/** After these tokens a `/` opens a regex literal; elsewhere it divides. */
const REGEX_OPENERS = new Set(["like", "=~", "(", ",", "[", "|", "", "not"]);

function readSlot(text: string, at: number): { name: string; length: number } | undefined {
  const m = SLOT.exec(text.slice(at));
  return m?.[1] === undefined ? undefined : { name: m[1], length: m[0].length };
}

/** Splits the query into text and slots, tracking strings, backticks, comments and regex literals. */
function scan(query: string): ScanState {
  const state: ScanState = { segments: [], problems: [] };
  let text = "";
  let prev = "";
  let command = "";
  let parseRegexSeen = false;
  const flushSlot = (name: string, context: SlotContext): void => {
    if (text) state.segments.push({ kind: "text", text });
    text = "";
    state.segments.push({ kind: "slot", name, context });
  };
  let i = 0;
  while (i < query.length) {
    const c = query.charAt(i);
    if (c === "{" && query.charAt(i + 1) === "{") {
      const slot = readSlot(query, i);
      if (!slot) {
        state.problems.push(`${at(query, i)}: malformed slot; write {{paramName}}`);
        text += c;
        i += 1;
        continue;
      }
      flushSlot(slot.name, "literal");
      prev = "value";
      i += slot.length;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const end = closing(query, i, c);
      const body = query.slice(i + 1, end < 0 ? query.length : end);
      if (end < 0) state.problems.push(`${at(query, i)}: unterminated ${c}…${c}`);
      if (body.includes("{{")) {
        state.problems.push(
          `a {{slot}} sits inside ${c}…${c}; write it without quotes (klaxon quotes values itself)`,
        );
      }
      const stop = end < 0 ? query.length : end + 1;
      text += query.slice(i, stop);
      prev = "value";
      i = stop;
      continue;
    }
    if (c === "#") {
      const nl = query.indexOf("\n", i);
      const stop = nl < 0 ? query.length : nl;
      if (query.slice(i, stop).includes("{{")) state.problems.push("a {{slot}} sits inside a # comment");
      text += query.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === "/" && (REGEX_OPENERS.has(prev) || (command === "parse" && !parseRegexSeen))) {
      if (command === "parse") parseRegexSeen = true;
      const opened = i;
      text += c;
      i += 1;
      while (i < query.length && query.charAt(i) !== "/") {
        const r = query.charAt(i);
        if (r === "\\") {
          text += query.slice(i, i + 2);
          i += 2;
          continue;
        }
        const slot = r === "{" ? readSlot(query, i) : undefined;
        if (slot) {
          flushSlot(slot.name, "regex");
          i += slot.length;
          continue;
        }
        if (r === "\n") break;
        text += r;
        i += 1;
      }
      if (query.charAt(i) !== "/")
        state.problems.push(`${at(query, opened)}: unterminated regex literal /…/`);
      text += query.charAt(i) === "/" ? "/" : "";
      i += query.charAt(i) === "/" ? 1 : 0;
      prev = "value";
      continue;
    }
    const word = WORD.exec(query.slice(i))?.[0];
    if (word) {
      if (prev === "|" || prev === "") {
        command = word.toLowerCase();
        parseRegexSeen = false;
      }
      prev = word.toLowerCase();
      text += word;
      i += word.length;
      continue;
    }
    if (c === "=" && query.charAt(i + 1) === "~") {
      prev = "=~";
      text += "=~";
      i += 2;
      continue;
    }
    if (!/\s/.test(c)) prev = c;
    text += c;
    i += 1;
  }
  if (text) state.segments.push({ kind: "text", text });
  return state;
}

function closing(query: string, start: number, quote: string): number {
  for (let j = start + 1; j < query.length; j++) {
    const ch = query.charAt(j);
    if (ch === "\\" && quote !== "`") j += 1;
    else if (ch === quote) return j;
  }
  return -1;
}

/**
 * Compiles one config template: splits its query into text and `{{param}}` slots (noting whether each slot
 * sits in a regex literal), and checks that every slot has a declared parameter and every parameter a slot.
 * Returns every problem at once so the config author fixes them in one pass.
 */
export function compileTemplate(
  name: string,
  config: TemplateConfig,
): Result<CompiledTemplate, TemplateIssue[]> {
  const { segments, problems } = scan(config.query);
  const slotNames = new Set(segments.flatMap((s) => (s.kind === "slot" ? [s.name] : [])));
  for (const slot of slotNames) {
    if (!(slot in config.params))
      problems.push(`slot {{${slot}}} has no parameter; declare it under params:`);
  }
  for (const param of Object.keys(config.params)) {
    if (!slotNames.has(param))
      problems.push(`parameter ${param} is declared but the query has no {{${param}}}`);
  }
  if (problems.length > 0) return err(problems.map((message) => ({ template: name, message })));
  return ok({
    name,
    description: config.description,
    logGroups: config.logGroups,
    ...(config.account !== undefined && { account: config.account }),
    ...(config.region !== undefined && { region: config.region }),
    params: config.params,
    defaultWindow: config.defaultWindow,
    maxWindow: config.maxWindow,
    allowedChannels: config.allowedChannels,
    allowedUserGroups: config.allowedUserGroups,
    query: config.query,
    segments,
  });
}

/**
 * Renders a compiled template into the query string CloudWatch receives. Every value passes through
 * {@link quoteValue} with its slot's context, so a value that would change the query's structure is refused.
 */
export function renderQuery(
  template: CompiledTemplate,
  values: Readonly<Record<string, BoundValue>>,
): Result<string, InsightsError> {
  let out = "";
  for (const segment of template.segments) {
    if (segment.kind === "text") {
      out += segment.text;
      continue;
    }
    const value = values[segment.name];
    if (value === undefined) throw new Error(`renderQuery: no value bound for {{${segment.name}}}`);
    const quoted = quoteValue(segment.name, value, segment.context);
    if (!quoted.ok) return quoted;
    out += quoted.value;
  }
  return ok(out);
}
