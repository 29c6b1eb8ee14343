import { locate, QueryParseError } from "./errors.js";
import { LexError, Lexer, type Token } from "./tokenize.js";

/** Describes a token for error messages: `'filter'`, `the string "x"`, `the end of the query`. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case "eof":
      return "the end of the query";
    case "string":
      return `the string ${token.extra}${token.value}${token.extra}`;
    case "regex":
      return `the regex /${token.value}/`;
    case "quotedIdent":
      return `\`${token.value}\``;
    case "duration":
      return `'${token.value}${token.extra}'`;
    default:
      return `'${token.value}'`;
  }
}

/**
 * The parser's view of the token stream: one current token, one token of lookahead, and helpers that throw
 * `QueryParseError` with the right line and column. `parseQuery` catches those and returns them as a Result.
 */
export class TokenCursor {
  private readonly lexer: Lexer;
  private peeked: Token | undefined;
  current: Token;
  /** End offset of the last consumed token (0 before any), so spans end there and not in trailing comments. */
  previousEnd = 0;

  constructor(readonly text: string) {
    this.lexer = new Lexer(text);
    this.current = this.lex();
  }

  /** Consumes the current token and returns it. */
  advance(): Token {
    const consumed = this.current;
    this.previousEnd = consumed.end;
    if (this.peeked !== undefined) {
      this.current = this.peeked;
      this.peeked = undefined;
    } else {
      this.current = this.lex();
    }
    return consumed;
  }

  /** The token after the current one, without consuming anything. */
  peek(): Token {
    if (this.peeked === undefined) this.peeked = this.lex();
    return this.peeked;
  }

  /** True once every token has been consumed. */
  atEnd(): boolean {
    return this.current.kind === "eof";
  }

  isOp(value: string): boolean {
    return this.current.kind === "op" && this.current.value === value;
  }

  /** True when the current token is the bare word `word`, compared case-insensitively (`OR`, `or`). */
  isWord(word: string, token: Token = this.current): boolean {
    return token.kind === "ident" && token.value.toLowerCase() === word;
  }

  expectOp(value: string, context: string): Token {
    if (!this.isOp(value))
      this.fail(`expected '${value}' ${context} but found ${describeToken(this.current)}`);
    return this.advance();
  }

  /** Turns the current `/` into a regex literal token and consumes it. */
  takeRegex(): Token {
    this.peeked = undefined;
    try {
      this.current = this.lexer.rescanRegex(this.current);
    } catch (error) {
      throw this.toParseError(error);
    }
    return this.advance();
  }

  /** Source text between two offsets with runs of whitespace collapsed, used to name unaliased columns. */
  slice(start: number, end: number): string {
    return this.text.slice(start, end).replace(/\s+/g, " ").trim();
  }

  fail(message: string, token: Token = this.current): never {
    throw this.errorAt(message, token.start, token.end);
  }

  errorAt(message: string, start: number, end: number): QueryParseError {
    return new QueryParseError(message, locate(this.text, start, end));
  }

  private lex(): Token {
    try {
      return this.lexer.next();
    } catch (error) {
      throw this.toParseError(error);
    }
  }

  private toParseError(error: unknown): unknown {
    return error instanceof LexError ? this.errorAt(error.message, error.start, error.end) : error;
  }
}
