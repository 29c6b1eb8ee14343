import { KlaxonError } from "../../shared/klaxon-error.js";

/** Where a problem sits in the query text: 1-based line and column plus 0-based character offsets. */
export interface QueryLocation {
  readonly line: number;
  readonly column: number;
  readonly startOffset: number;
  readonly endOffset: number;
}

/**
 * A Logs Insights query that does not parse. The message names the place (line, column) and what was expected,
 * so whoever wrote the template or typed the slash command can fix it without reading the grammar.
 */
export class QueryParseError extends KlaxonError {
  override name = "QueryParseError";
  readonly line: number;
  readonly column: number;
  readonly startOffset: number;
  readonly endOffset: number;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(detail: string, location: QueryLocation) {
    super(
      "insights_query_parse",
      `Query error at line ${location.line}, column ${location.column}: ${detail}`,
    );
    this.detail = detail;
    this.line = location.line;
    this.column = location.column;
    this.startOffset = location.startOffset;
    this.endOffset = location.endOffset;
  }
}

/** Converts a character offset of `text` into a 1-based line and column. */
export function locate(text: string, startOffset: number, endOffset: number = startOffset): QueryLocation {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(startOffset, text.length);
  for (let i = 0; i < stop; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: startOffset - lineStart + 1, startOffset, endOffset };
}
