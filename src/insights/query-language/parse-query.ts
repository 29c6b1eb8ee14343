import { err, ok, type Result } from "../../shared/result.js";
import type { Command, Expr, ParsePattern, Projection, QueryAst, SortKey, Span } from "./ast.js";
import { checkStatsChain } from "./check-stats-chain.js";
import { namedGroups } from "./compile-regex.js";
import { QueryParseError } from "./errors.js";
import { parseExpression, parseRegex } from "./parse-expression.js";
import { describeToken, TokenCursor } from "./token-cursor.js";
import type { Token } from "./tokenize.js";

type CommandParser = (cursor: TokenCursor, keyword: Token) => Command;

const VERBATIM = ["diff", "anomaly", "unnest", "lookup", "addtotals", "join", "logcompare"] as const;

const COMMANDS: Readonly<Record<string, CommandParser>> = {
  fields: (c, k) => ({ kind: "fields", items: parseProjections(c, k), span: spanFrom(c, k) }),
  display: (c, k) => ({ kind: "display", items: parseProjections(c, k), span: spanFrom(c, k) }),
  filter: (c, k) => ({ kind: "filter", condition: parseRequired(c, k), span: spanFrom(c, k) }),
  filterindex: (c, k) => ({ kind: "filterIndex", condition: parseRequired(c, k), span: spanFrom(c, k) }),
  parse: parseParse,
  stats: parseStats,
  sort: parseSort,
  limit: parseLimit,
  dedup: (c, k) => ({ kind: "dedup", fields: parseFieldList(c, k), span: spanFrom(c, k) }),
  pattern: (c, k) => ({ kind: "pattern", source: parseRequired(c, k), span: spanFrom(c, k) }),
  unmask: (c, k) => ({ kind: "unmask", args: parseExpressionList(c, k), span: spanFrom(c, k) }),
  source: parseSource,
  ...Object.fromEntries(
    VERBATIM.map((kind) => [kind, (c: TokenCursor, k: Token) => parseVerbatim(c, k, kind)]),
  ),
};

const COMMAND_LIST =
  "fields, filter, filterIndex, parse, stats, sort, limit, display, dedup, pattern, unmask, SOURCE, diff, anomaly, unnest, lookup, addtotals, join, logcompare";

/**
 * Parses a CloudWatch Logs Insights QL query into its commands. Commands are separated by `|`, `#` starts a
 * comment, and `SOURCE` may only come first. On failure the error carries the 1-based line and column of the
 * offending token and says what was expected there.
 */
export function parseQuery(text: string): Result<QueryAst, QueryParseError> {
  try {
    const cursor = new TokenCursor(text);
    const ast = parseCommands(cursor);
    checkStatsChain(ast, cursor);
    return ok(ast);
  } catch (error) {
    if (error instanceof QueryParseError) return err(error);
    throw error;
  }
}

function parseCommands(cursor: TokenCursor): QueryAst {
  const commands: Command[] = [];
  if (cursor.atEnd()) cursor.fail("the query is empty; expected a command such as fields, filter or stats");
  if (cursor.isOp("|")) cursor.advance();
  for (;;) {
    const keyword = cursor.current;
    if (keyword.kind !== "ident") {
      const after = commands.length === 0 ? "" : " after '|'";
      cursor.fail(`expected a command${after} (${COMMAND_LIST}) but found ${describeToken(keyword)}`);
    }
    const parser = COMMANDS[keyword.value.toLowerCase()];
    if (parser === undefined) {
      cursor.fail(`unknown command '${keyword.value}'; expected one of ${COMMAND_LIST}`);
    }
    if (keyword.value.toLowerCase() === "source" && commands.length > 0) {
      cursor.fail("SOURCE must be the first command of the query");
    }
    cursor.advance();
    commands.push(parser(cursor, keyword));
    if (cursor.atEnd()) return { commands };
    if (!cursor.isOp("|")) {
      cursor.fail(
        `expected '|' before ${describeToken(cursor.current)}: commands are separated by pipes` +
          (listCommand(keyword) ? ", and list items by ','" : ""),
      );
    }
    cursor.advance();
  }
}

function listCommand(keyword: Token): boolean {
  return ["fields", "display", "stats", "sort", "dedup", "unmask"].includes(keyword.value.toLowerCase());
}

function spanFrom(cursor: TokenCursor, keyword: Token): Span {
  return { start: keyword.start, end: Math.max(keyword.end, lastEnd(cursor)) };
}

/** End offset of the last consumed token, whatever whitespace or comments follow it. */
function lastEnd(cursor: TokenCursor): number {
  return cursor.previousEnd;
}

function parseRequired(cursor: TokenCursor, keyword: Token): Expr {
  if (cursor.atEnd() || cursor.isOp("|")) {
    cursor.fail(`expected an expression after '${keyword.value}' but found ${describeToken(cursor.current)}`);
  }
  return parseExpression(cursor);
}

function parseExpressionList(cursor: TokenCursor, keyword: Token): Expr[] {
  const items = [parseRequired(cursor, keyword)];
  while (cursor.isOp(",")) {
    const comma = cursor.advance();
    items.push(parseRequired(cursor, comma));
  }
  return items;
}

function parseFieldList(cursor: TokenCursor, keyword: Token): Expr[] {
  const items = parseExpressionList(cursor, keyword);
  for (const item of items) {
    if (item.kind !== "field") {
      throw cursor.errorAt(`${keyword.value} takes field names only`, item.span.start, item.span.end);
    }
  }
  return items;
}

function parseAlias(cursor: TokenCursor): string | undefined {
  if (!cursor.isWord("as")) return undefined;
  cursor.advance();
  const name = cursor.current;
  if (name.kind !== "ident" && name.kind !== "quotedIdent") {
    cursor.fail(`expected a field name after 'as' but found ${describeToken(name)}`);
  }
  cursor.advance();
  return name.value;
}

function parseProjections(cursor: TokenCursor, keyword: Token): Projection[] {
  const items: Projection[] = [];
  let previous = keyword;
  for (;;) {
    const expr = parseRequired(cursor, previous);
    items.push({ expr, text: cursor.slice(expr.span.start, expr.span.end), alias: parseAlias(cursor) });
    if (!cursor.isOp(",")) return items;
    previous = cursor.advance();
  }
}

function parseStats(cursor: TokenCursor, keyword: Token): Command {
  const aggregates = parseProjections(cursor, keyword);
  let groupBy: Projection[] = [];
  if (cursor.isWord("by")) groupBy = parseProjections(cursor, cursor.advance());
  return { kind: "stats", aggregates, groupBy, span: spanFrom(cursor, keyword) };
}

function parseSort(cursor: TokenCursor, keyword: Token): Command {
  const keys: SortKey[] = [];
  // `sort by x desc` appears in AWS-authored samples and CloudWatch accepts it.
  let previous = cursor.isWord("by") ? cursor.advance() : keyword;
  for (;;) {
    const expr = parseRequired(cursor, previous);
    const text = cursor.slice(expr.span.start, expr.span.end);
    if (cursor.isWord("asc") || cursor.isWord("desc")) {
      const direction = cursor.advance().value.toLowerCase() === "asc" ? "asc" : "desc";
      keys.push({ expr, text, direction, explicit: true });
    } else {
      keys.push({ expr, text, direction: "asc", explicit: false });
    }
    if (!cursor.isOp(",")) return { kind: "sort", keys, span: spanFrom(cursor, keyword) };
    previous = cursor.advance();
  }
}

function parseLimit(cursor: TokenCursor, keyword: Token): Command {
  const token = cursor.current;
  const count = Number(token.value);
  if (token.kind !== "number" || !Number.isInteger(count) || count < 1) {
    cursor.fail(
      `expected a whole number of rows (1 or more) after 'limit' but found ${describeToken(token)}`,
    );
  }
  cursor.advance();
  return { kind: "limit", count, span: spanFrom(cursor, keyword) };
}

function parseParse(cursor: TokenCursor, keyword: Token): Command {
  const source = parseParseSource(cursor, keyword);
  let pattern: ParsePattern;
  let names: string[];
  if (cursor.isOp("/")) {
    const regex = parseRegex(cursor);
    pattern = { kind: "regex", pattern: regex.pattern, flags: regex.flags, span: regex.span };
    names = namedGroups(regex.pattern);
    if (names.length === 0) {
      throw cursor.errorAt(
        "a parse regex needs named groups such as (?<status>\\d+)",
        regex.span.start,
        regex.span.end,
      );
    }
    if (cursor.isWord("as"))
      cursor.fail("a parse regex names its fields with (?<name>…) groups; remove 'as …'");
  } else {
    const glob = cursor.current;
    if (glob.kind !== "string") {
      cursor.fail(
        `expected a glob string such as "* [*] *" or a /regex/ after the field but found ${describeToken(glob)}`,
      );
    }
    cursor.advance();
    pattern = { kind: "glob", text: glob.value, span: { start: glob.start, end: glob.end } };
    if (!cursor.isWord("as")) {
      cursor.fail(
        `expected 'as' and one field name per '*' after the glob but found ${describeToken(cursor.current)}`,
      );
    }
    const asToken = cursor.advance();
    names = parseFieldList(cursor, asToken).map((e) => (e.kind === "field" ? e.name : ""));
    const stars = glob.value.split("*").length - 1;
    if (stars !== names.length) {
      throw cursor.errorAt(
        `the glob has ${stars} '*' but 'as' names ${names.length} field(s); give one name per '*'`,
        asToken.start,
        lastEnd(cursor),
      );
    }
  }
  return { kind: "parse", source, pattern, names, span: spanFrom(cursor, keyword) };
}

/** The field `parse` reads: named, or `@message` when the pattern follows `parse` directly. */
function parseParseSource(cursor: TokenCursor, keyword: Token): Expr {
  const fieldToken = cursor.current;
  if (fieldToken.kind === "string" || cursor.isOp("/")) {
    return { kind: "field", name: "@message", span: { start: keyword.end, end: keyword.end } };
  }
  if (fieldToken.kind !== "ident" && fieldToken.kind !== "quotedIdent") {
    cursor.fail(
      `expected the field to parse (e.g. @message) or the pattern after 'parse' but found ${describeToken(fieldToken)}`,
    );
  }
  cursor.advance();
  return { kind: "field", name: fieldToken.value, span: { start: fieldToken.start, end: fieldToken.end } };
}

/**
 * `SOURCE logGroups(namePrefix: [...], class: ...)` or `SOURCE 'group' ['group'…]`, optionally followed by
 * `start=… end=…`; the options are kept as written.
 */
function parseSource(cursor: TokenCursor, keyword: Token): Command {
  const selector = parseRequired(cursor, keyword);
  const groups: Expr[] = [selector];
  while (cursor.current.kind === "string") {
    const token = cursor.advance();
    groups.push({ kind: "string", value: token.value, span: { start: token.start, end: token.end } });
  }
  const start = cursor.current.start;
  skipToPipe(cursor);
  const optionsText = start >= lastEnd(cursor) ? "" : cursor.slice(start, lastEnd(cursor));
  return { kind: "source", selector, groups, optionsText, span: spanFrom(cursor, keyword) };
}

/** Consumes tokens up to the next top-level `|`; pipes inside brackets belong to a subquery (`join`). */
function skipToPipe(cursor: TokenCursor): void {
  let depth = 0;
  while (!cursor.atEnd() && !(depth === 0 && cursor.isOp("|"))) {
    if (cursor.isOp("(") || cursor.isOp("[")) depth++;
    else if ((cursor.isOp(")") || cursor.isOp("]")) && depth > 0) depth--;
    if (cursor.isOp("/")) cursor.takeRegex();
    else cursor.advance();
  }
}

function parseVerbatim(cursor: TokenCursor, keyword: Token, kind: (typeof VERBATIM)[number]): Command {
  const start = cursor.current.start;
  skipToPipe(cursor);
  const argsText = cursor.atEnd() && start >= cursor.text.length ? "" : cursor.slice(start, lastEnd(cursor));
  return { kind, argsText, span: spanFrom(cursor, keyword) };
}
