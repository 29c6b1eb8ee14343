import type { DurationUnit } from "./ast.js";

export type TokenKind = "ident" | "quotedIdent" | "number" | "duration" | "string" | "regex" | "op" | "eof";

/** One lexical token. `value` is the decoded text: a string's content, a name, an operator. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Regex flags, duration unit or nothing. */
  readonly extra: string;
}

/** A lexical problem at `start..end`; the parser turns it into a `QueryParseError` with line and column. */
export class LexError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const UNIT_ALIASES: Readonly<Record<string, DurationUnit>> = {
  ms: "ms",
  msec: "ms",
  msecs: "ms",
  millisecond: "ms",
  milliseconds: "ms",
  s: "s",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  m: "m",
  min: "m",
  mins: "m",
  minute: "m",
  minutes: "m",
  h: "h",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  d: "d",
  day: "d",
  days: "d",
  w: "w",
  wk: "w",
  wks: "w",
  week: "w",
  weeks: "w",
  mo: "mo",
  mos: "mo",
  mon: "mo",
  mons: "mo",
  month: "mo",
  months: "mo",
  q: "q",
  qtr: "q",
  qtrs: "q",
  quarter: "q",
  quarters: "q",
  y: "y",
  yr: "y",
  yrs: "y",
  year: "y",
  years: "y",
};

const TWO_CHAR_OPS = new Set(["!=", "<=", ">=", "=~", "=="]);
const ONE_CHAR_OPS = new Set([
  "!",
  "|",
  ",",
  "(",
  ")",
  "[",
  "]",
  ":",
  "*",
  "/",
  "+",
  "-",
  "%",
  "^",
  "=",
  "<",
  ">",
]);
const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

function isIdentStart(c: string): boolean {
  return /[A-Za-z_@$]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_@$]/.test(c);
}

/**
 * On-demand lexer for Logs Insights QL. The parser pulls tokens one at a time because `/` is division after an
 * operand and a regex where an operand is expected; only the parser knows which, so it asks for `rescanRegex`.
 * `#` comments run to the end of the line and are skipped here, never inside strings or regexes.
 */
export class Lexer {
  private pos = 0;

  constructor(readonly text: string) {}

  /** Returns the next token, skipping whitespace and comments. */
  next(): Token {
    this.skipTrivia();
    const text = this.text;
    const start = this.pos;
    if (start >= text.length) return { kind: "eof", value: "", start, end: start, extra: "" };
    const c = text.charAt(start);
    if (c === '"' || c === "'") return this.scanString(c);
    if (c === "`") return this.scanQuotedIdent();
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text.charAt(start + 1)))) return this.scanNumber();
    if (isIdentStart(c)) return this.scanIdent();
    const two = text.slice(start, start + 2);
    if (TWO_CHAR_OPS.has(two)) {
      this.pos += 2;
      return { kind: "op", value: two === "==" ? "=" : two, start, end: this.pos, extra: "" };
    }
    if (ONE_CHAR_OPS.has(c)) {
      this.pos += 1;
      return { kind: "op", value: c, start, end: this.pos, extra: "" };
    }
    throw new LexError(`unexpected character '${c}'`, start, start + 1);
  }

  /** Re-reads a `/` token as a regex literal `/…/flags`; `\/` escapes a slash inside it. */
  rescanRegex(slash: Token): Token {
    const text = this.text;
    let i = slash.start + 1;
    let pattern = "";
    for (;;) {
      if (i >= text.length || text.charAt(i) === "\n") {
        throw new LexError("unterminated regular expression: add the closing '/'", slash.start, i);
      }
      const ch = text.charAt(i);
      if (ch === "\\" && i + 1 < text.length) {
        const nextCh = text.charAt(i + 1);
        pattern += nextCh === "/" ? "/" : ch + nextCh;
        i += 2;
        continue;
      }
      if (ch === "/") break;
      pattern += ch;
      i++;
    }
    i++;
    let flags = "";
    while (i < text.length && /[A-Za-z]/.test(text.charAt(i))) {
      flags += text.charAt(i);
      i++;
    }
    this.pos = i;
    return { kind: "regex", value: pattern, start: slash.start, end: i, extra: flags };
  }

  private skipTrivia(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charAt(this.pos);
      if (c === "#") {
        while (this.pos < text.length && text.charAt(this.pos) !== "\n") this.pos++;
      } else if (/\s/.test(c)) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  private scanString(quote: string): Token {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    let value = "";
    for (;;) {
      if (i >= text.length) {
        throw new LexError(`unterminated string: add the closing ${quote}`, start, text.length);
      }
      const ch = text.charAt(i);
      if (ch === "\\" && i + 1 < text.length) {
        const nextCh = text.charAt(i + 1);
        value += ESCAPES[nextCh] ?? ch + nextCh;
        i += 2;
        continue;
      }
      if (ch === quote) break;
      value += ch;
      i++;
    }
    this.pos = i + 1;
    return { kind: "string", value, start, end: this.pos, extra: quote };
  }

  private scanQuotedIdent(): Token {
    const text = this.text;
    const start = this.pos;
    const close = text.indexOf("`", start + 1);
    if (close < 0) throw new LexError("unterminated field name: add the closing `", start, text.length);
    this.pos = close + 1;
    return { kind: "quotedIdent", value: text.slice(start + 1, close), start, end: this.pos, extra: "" };
  }

  private scanNumber(): Token {
    const text = this.text;
    const start = this.pos;
    const match = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(start));
    const numText = match?.[0] ?? "";
    let i = start + numText.length;
    let letters = "";
    while (i < text.length && /[A-Za-z]/.test(text.charAt(i))) {
      letters += text.charAt(i);
      i++;
    }
    this.pos = i;
    if (letters === "") return { kind: "number", value: numText, start, end: i, extra: "" };
    const unit = UNIT_ALIASES[letters.toLowerCase()];
    if (unit === undefined) {
      throw new LexError(
        `'${numText}${letters}' is not a number or a duration; durations use ms, s, m, h, d, w, mo, q or y (e.g. 5m)`,
        start,
        i,
      );
    }
    return { kind: "duration", value: numText, start, end: i, extra: unit };
  }

  /** A name: letters, digits, `_`, `@`, `$`, with dotted segments (`log_processed.metadata.reqId`). */
  private scanIdent(): Token {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      while (i < text.length && isIdentPart(text.charAt(i))) i++;
      if (text.charAt(i) === "." && i + 1 < text.length && isIdentPart(text.charAt(i + 1))) {
        i++;
        continue;
      }
      break;
    }
    this.pos = i;
    return { kind: "ident", value: text.slice(start, i), start, end: i, extra: "" };
  }
}
