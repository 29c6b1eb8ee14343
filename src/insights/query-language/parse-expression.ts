import type { BinaryOperator, DurationUnit, Expr, Span } from "./ast.js";
import { compileRegex } from "./compile-regex.js";
import { describeToken, type TokenCursor } from "./token-cursor.js";
import { LexError, Lexer, type Token } from "./tokenize.js";

/** Words that end an operand or join operands, so they cannot be bare field names (use backticks instead). */
const RESERVED = new Set(["and", "or", "not", "like", "in", "as", "by"]);
const COMPARISONS = new Set(["=", "!=", "<", "<=", ">", ">=", "=~"]);

const UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
  q: 91 * 86_400_000,
  y: 365 * 86_400_000,
};

function span(start: number, end: number): Span {
  return { start, end };
}

function binary(op: BinaryOperator, left: Expr, right: Expr): Expr {
  return { kind: "binary", op, left, right, span: span(left.span.start, right.span.end) };
}

/**
 * Parses one expression at the cursor: `or` binds loosest, then `and`, `not`, comparisons (`= != < <= > >= =~`,
 * `like`, `not like`, `in`, `not in`), `+ -`, `* / %`, `^`, unary minus, then operands. `!` is `not`. Keywords are
 * case-insensitive. Throws `QueryParseError` naming what was expected.
 */
export function parseExpression(cursor: TokenCursor): Expr {
  return parseOr(cursor);
}

function parseOr(cursor: TokenCursor): Expr {
  let left = parseAnd(cursor);
  while (cursor.isWord("or")) {
    const op = cursor.advance();
    left = binary("or", left, parseOperandAfter(cursor, op, parseAnd));
  }
  return left;
}

function parseAnd(cursor: TokenCursor): Expr {
  let left = parseNot(cursor);
  while (cursor.isWord("and")) {
    const op = cursor.advance();
    left = binary("and", left, parseOperandAfter(cursor, op, parseNot));
  }
  return left;
}

function parseNot(cursor: TokenCursor): Expr {
  if (cursor.isWord("not") || cursor.isOp("!")) {
    const op = cursor.advance();
    const operand = parseOperandAfter(cursor, op, parseNot);
    return { kind: "unary", op: "not", operand, span: span(op.start, operand.span.end) };
  }
  return parseComparison(cursor);
}

function parseComparison(cursor: TokenCursor): Expr {
  const left = parseAdditive(cursor);
  const token = cursor.current;
  if (token.kind === "op" && COMPARISONS.has(token.value)) {
    cursor.advance();
    const op = token.value as BinaryOperator;
    const right =
      op === "=~" ? parseLikePattern(cursor, token) : parseOperandAfter(cursor, token, parseAdditive);
    return binary(op, left, right);
  }
  if (cursor.isWord("like")) {
    cursor.advance();
    return binary("like", left, parseLikePattern(cursor, token));
  }
  if (cursor.isWord("in")) {
    cursor.advance();
    return binary("in", left, parseOperandAfter(cursor, token, parseAdditive));
  }
  if (cursor.isWord("not")) {
    const following = cursor.peek();
    if (cursor.isWord("like", following)) {
      cursor.advance();
      cursor.advance();
      return binary("not like", left, parseLikePattern(cursor, following));
    }
    if (cursor.isWord("in", following)) {
      cursor.advance();
      cursor.advance();
      return binary("not in", left, parseOperandAfter(cursor, following, parseAdditive));
    }
  }
  return left;
}

function parseLikePattern(cursor: TokenCursor, op: Token): Expr {
  return parseOperandAfter(cursor, op, parseAdditive);
}

function parseAdditive(cursor: TokenCursor): Expr {
  let left = parseMultiplicative(cursor);
  while (cursor.isOp("+") || cursor.isOp("-")) {
    const op = cursor.advance();
    left = binary(op.value as BinaryOperator, left, parseOperandAfter(cursor, op, parseMultiplicative));
  }
  return left;
}

function parseMultiplicative(cursor: TokenCursor): Expr {
  let left = parsePower(cursor);
  while (cursor.isOp("*") || cursor.isOp("/") || cursor.isOp("%")) {
    const op = cursor.isOp("/") ? advanceOverDivision(cursor, left) : cursor.advance();
    left = binary(op.value as BinaryOperator, left, parseOperandAfter(cursor, op, parsePower));
  }
  return left;
}

/**
 * Consumes a `/` read as division. When the text up to the next `/` on the line does not even lex, the writer
 * almost always meant a regex where a value cannot go (`pattern @message /x/`), so say that rather than
 * "unexpected character".
 */
function advanceOverDivision(cursor: TokenCursor, left: Expr): Token {
  const slash = cursor.current;
  const lineEnd = cursor.text.indexOf("\n", slash.end);
  const close = cursor.text.slice(slash.end, lineEnd < 0 ? undefined : lineEnd).indexOf("/");
  const between = close < 0 ? "" : cursor.text.slice(slash.end, slash.end + close);
  // A quote may open a string that legitimately holds the next slash: only judge quote-free text.
  if (close >= 0 && !/['"`]/.test(between) && !lexes(between)) {
    throw cursor.errorAt(
      `a /regex/ cannot follow ${cursor.slice(left.span.start, left.span.end)} here (it reads as a division); regexes go after like, =~ or parse, e.g. filter @message like /…/`,
      slash.start,
      slash.end + close + 1,
    );
  }
  return cursor.advance();
}

function lexes(text: string): boolean {
  const lexer = new Lexer(text);
  try {
    while (lexer.next().kind !== "eof");
    return true;
  } catch (error) {
    if (error instanceof LexError) return false;
    throw error;
  }
}

function parsePower(cursor: TokenCursor): Expr {
  const left = parseUnary(cursor);
  if (cursor.isOp("^")) {
    const op = cursor.advance();
    return binary("^", left, parseOperandAfter(cursor, op, parsePower));
  }
  return left;
}

function parseUnary(cursor: TokenCursor): Expr {
  if (cursor.isOp("-") || cursor.isOp("+")) {
    const op = cursor.advance();
    const operand = parseOperandAfter(cursor, op, parseUnary);
    return {
      kind: "unary",
      op: op.value === "-" ? "-" : "+",
      operand,
      span: span(op.start, operand.span.end),
    };
  }
  return parsePrimary(cursor);
}

/** Parses the operand that must follow `op`, with a message naming `op` when it is missing (dangling operator). */
function parseOperandAfter(cursor: TokenCursor, op: Token, next: (cursor: TokenCursor) => Expr): Expr {
  if (!startsOperand(cursor)) {
    cursor.fail(`expected a value or field after '${op.value}' but found ${describeToken(cursor.current)}`);
  }
  return next(cursor);
}

function startsOperand(cursor: TokenCursor): boolean {
  const token = cursor.current;
  switch (token.kind) {
    case "eof":
      return false;
    case "op":
      return ["(", "[", "/", "-", "+", "!"].includes(token.value);
    case "ident":
      return !RESERVED.has(token.value.toLowerCase()) || token.value.toLowerCase() === "not";
    default:
      return true;
  }
}

function parsePrimary(cursor: TokenCursor): Expr {
  const token = cursor.current;
  switch (token.kind) {
    case "number":
      cursor.advance();
      return { kind: "number", value: Number(token.value), span: span(token.start, token.end) };
    case "duration": {
      cursor.advance();
      const amount = Number(token.value);
      const unit = token.extra as DurationUnit;
      return {
        kind: "duration",
        amount,
        unit,
        milliseconds: amount * UNIT_MS[unit],
        span: span(token.start, token.end),
      };
    }
    case "string":
      cursor.advance();
      return { kind: "string", value: token.value, span: span(token.start, token.end) };
    case "quotedIdent":
      cursor.advance();
      return { kind: "field", name: token.value, span: span(token.start, token.end) };
    case "ident":
      return parseWord(cursor, token);
    case "op":
      return parsePunctuated(cursor, token);
    default:
      return cursor.fail(`expected a value or field but found ${describeToken(token)}`);
  }
}

function parseWord(cursor: TokenCursor, token: Token): Expr {
  const lower = token.value.toLowerCase();
  if (RESERVED.has(lower)) {
    cursor.fail(
      `expected a value or field but found the keyword '${token.value}' (quote a field of that name in backticks)`,
    );
  }
  cursor.advance();
  if (lower === "true" || lower === "false") {
    return { kind: "boolean", value: lower === "true", span: span(token.start, token.end) };
  }
  if (lower === "case" && !cursor.isOp("(")) {
    throw cursor.errorAt(
      "Logs Insights has no CASE expression; count matches with sum(strcontains(field, 'text')) or filter first",
      token.start,
      token.end,
    );
  }
  if (cursor.isOp("(")) return parseCall(cursor, token);
  return { kind: "field", name: token.value, span: span(token.start, token.end) };
}

function parseCall(cursor: TokenCursor, name: Token): Expr {
  cursor.advance();
  const args: Expr[] = [];
  if (!cursor.isOp(")")) {
    for (;;) {
      args.push(parseArgument(cursor, name));
      if (!cursor.isOp(",")) break;
      cursor.advance();
    }
  }
  const close = cursor.expectOp(")", `to close ${name.value}(`);
  return { kind: "call", name: name.value, args, span: span(name.start, close.end) };
}

function parseArgument(cursor: TokenCursor, fn: Token): Expr {
  const token = cursor.current;
  if (token.kind === "op" && token.value === "*") {
    cursor.advance();
    return { kind: "star", span: span(token.start, token.end) };
  }
  if (token.kind === "ident" && cursor.peek().kind === "op" && cursor.peek().value === ":") {
    cursor.advance();
    const colon = cursor.advance();
    const value = parseOperandAfter(cursor, colon, parseExpression);
    return { kind: "namedArg", name: token.value, value, span: span(token.start, value.span.end) };
  }
  if (!startsOperand(cursor)) {
    cursor.fail(`expected an argument of ${fn.value}( but found ${describeToken(token)}`);
  }
  return parseExpression(cursor);
}

function parsePunctuated(cursor: TokenCursor, token: Token): Expr {
  if (token.value === "(") {
    cursor.advance();
    const inner = parseOperandAfter(cursor, token, parseExpression);
    cursor.expectOp(")", "to close '('");
    return inner;
  }
  if (token.value === "[") {
    cursor.advance();
    const items: Expr[] = [];
    if (!cursor.isOp("]")) {
      for (;;) {
        items.push(parseOperandAfter(cursor, token, parseExpression));
        if (!cursor.isOp(",")) break;
        cursor.advance();
      }
    }
    const close = cursor.expectOp("]", "to close the list");
    return { kind: "list", items, span: span(token.start, close.end) };
  }
  if (token.value === "/") return parseRegex(cursor);
  return cursor.fail(`expected a value or field but found ${describeToken(token)}`);
}

/** Reads `/…/flags` and checks it compiles, so a bad template fails at start-up rather than at query time. */
export function parseRegex(cursor: TokenCursor): Expr & { kind: "regex" } {
  const token = cursor.takeRegex();
  try {
    compileRegex(token.value, token.extra);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const reason = raw.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
    throw cursor.errorAt(
      `invalid regular expression /${token.value}/${token.extra}: ${reason}`,
      token.start,
      token.end,
    );
  }
  return { kind: "regex", pattern: token.value, flags: token.extra, span: span(token.start, token.end) };
}
