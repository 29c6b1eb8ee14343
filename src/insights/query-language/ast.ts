/** Character offsets of a node in the query text (0-based, end exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Time units accepted in durations such as `bin(5m)`. */
export type DurationUnit = "ms" | "s" | "m" | "h" | "d" | "w" | "mo" | "q" | "y";

export type BinaryOperator =
  | "and"
  | "or"
  | "="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "like"
  | "not like"
  | "=~"
  | "in"
  | "not in";

export type Expr =
  | { readonly kind: "field"; readonly name: string; readonly span: Span }
  | { readonly kind: "string"; readonly value: string; readonly span: Span }
  | { readonly kind: "number"; readonly value: number; readonly span: Span }
  | { readonly kind: "boolean"; readonly value: boolean; readonly span: Span }
  | { readonly kind: "regex"; readonly pattern: string; readonly flags: string; readonly span: Span }
  | {
      readonly kind: "duration";
      readonly amount: number;
      readonly unit: DurationUnit;
      /** Length in milliseconds; months, quarters and years use 30, 91 and 365 days. */
      readonly milliseconds: number;
      readonly span: Span;
    }
  /** The `*` of `count(*)`. */
  | { readonly kind: "star"; readonly span: Span }
  | { readonly kind: "list"; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly kind: "unary"; readonly op: "not" | "-" | "+"; readonly operand: Expr; readonly span: Span }
  | {
      readonly kind: "binary";
      readonly op: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
      readonly span: Span;
    }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[]; readonly span: Span }
  /** `name: value` inside `SOURCE logGroups(...)`. */
  | { readonly kind: "namedArg"; readonly name: string; readonly value: Expr; readonly span: Span };

/** An expression in `fields`, `display` or `stats`, with its optional `as` alias and its source text. */
export interface Projection {
  readonly expr: Expr;
  readonly alias: string | undefined;
  /** The expression as written; CloudWatch names unaliased columns after it (`count(*)`). */
  readonly text: string;
}

export interface SortKey {
  readonly expr: Expr;
  readonly text: string;
  readonly direction: "asc" | "desc";
  /** False when the query gave no `asc`/`desc` and `direction` is the default. */
  readonly explicit: boolean;
}

export type ParsePattern =
  | { readonly kind: "glob"; readonly text: string; readonly span: Span }
  | { readonly kind: "regex"; readonly pattern: string; readonly flags: string; readonly span: Span };

export type Command =
  | { readonly kind: "fields"; readonly items: readonly Projection[]; readonly span: Span }
  | { readonly kind: "display"; readonly items: readonly Projection[]; readonly span: Span }
  | { readonly kind: "filter"; readonly condition: Expr; readonly span: Span }
  | { readonly kind: "filterIndex"; readonly condition: Expr; readonly span: Span }
  | {
      readonly kind: "parse";
      readonly source: Expr;
      readonly pattern: ParsePattern;
      /** Names of the extracted fields: the `as` list of a glob, or the named groups of a regex. */
      readonly names: readonly string[];
      readonly span: Span;
    }
  | {
      readonly kind: "stats";
      readonly aggregates: readonly Projection[];
      readonly groupBy: readonly Projection[];
      readonly span: Span;
    }
  | { readonly kind: "sort"; readonly keys: readonly SortKey[]; readonly span: Span }
  | { readonly kind: "limit"; readonly count: number; readonly span: Span }
  | { readonly kind: "dedup"; readonly fields: readonly Expr[]; readonly span: Span }
  | { readonly kind: "pattern"; readonly source: Expr; readonly span: Span }
  | { readonly kind: "unmask"; readonly args: readonly Expr[]; readonly span: Span }
  | {
      readonly kind: "source";
      readonly selector: Expr;
      /** The selector and any further quoted group names (`SOURCE 'a' 'b'`). */
      readonly groups: readonly Expr[];
      /** `start=… end=…` as written, or "". */
      readonly optionsText: string;
      readonly span: Span;
    }
  /** Commands kept verbatim: the engine does not run them, templates may still use them. */
  | {
      readonly kind: "diff" | "anomaly" | "unnest" | "lookup" | "addtotals" | "join" | "logcompare";
      readonly argsText: string;
      readonly span: Span;
    };

export type CommandKind = Command["kind"];

/** A parsed Logs Insights QL query: its commands in pipe order. */
export interface QueryAst {
  readonly commands: readonly Command[];
}
