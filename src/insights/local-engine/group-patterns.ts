import type { Expr } from "../query-language/ast.js";
import { evaluate } from "./evaluate-expression.js";
import { type Row, toText, type Value } from "./values.js";

/**
 * Variable parts of a message, masked so that messages differing only there share one pattern. It meets raw
 * log text, so it stays linear: the hex run is bounded, and the digit run ends the pattern, so a match that
 * starts always succeeds without backtracking.
 */
export const VARIABLE_TOKENS =
  /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9a-fA-F]{12,128}\b|(?<![A-Za-z_])\d+(?:[.:/-]\d+)*/g;

/** Replaces ids, addresses and numbers with `<*>`, the token CloudWatch's `pattern` uses. */
export function maskMessage(text: string): string {
  return text.replace(VARIABLE_TOKENS, "<*>");
}

/**
 * A simple local stand-in for `pattern`: groups rows by the masked value of `source` and returns one row per
 * pattern with `@pattern`, `@sampleCount` and `@ratio` (share of rows), most frequent first.
 */
export function groupPatterns(rows: readonly Row[], source: Expr): Row[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    const value = evaluate(source, row);
    if (value === null) continue;
    const pattern = maskMessage(toText(value));
    counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
    total++;
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([pattern, count]) =>
        new Map<string, Value>([
          ["@pattern", pattern],
          ["@ratio", Math.round((count / total) * 1e4) / 1e4],
          ["@sampleCount", count],
        ]),
    );
}
