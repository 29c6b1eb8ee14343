import { displayWidth, truncateToWidth } from "./display-width.js";
import { MAX_SECTION_TEXT } from "./limits.js";
import { redactSecrets } from "./redact-secrets.js";
import { codeBlock, stripInvisible } from "./safe-text.js";

/** Options of {@link formatTable}. */
export interface TableOptions {
  /** Widest line in columns; wide columns shrink first. Default 100 (fits a Slack code block on a laptop). */
  readonly maxWidth?: number;
  /** Rows shown before a "… N more rows" footer. Default 50. */
  readonly maxRows?: number;
}

const GAP = "  ";
const MIN_COLUMN = 3;
const NUMBER = /^[-+]?(?:\d[\d,]*)(?:\.\d+)?(?:e[-+]?\d+)?%?$/i;

const flatten = (cell: string): string => cell.replace(/\s+/g, " ").trim();

/** The largest per-column cap that makes the table fit `maxWidth` (columns narrower than the cap keep theirs). */
function columnCap(natural: readonly number[], maxWidth: number): number {
  const fits = (cap: number) =>
    natural.reduce((sum, w) => sum + Math.min(w, cap), 0) + GAP.length * (natural.length - 1) <= maxWidth;
  let lo = MIN_COLUMN;
  let hi = Math.max(MIN_COLUMN, ...natural);
  if (fits(hi)) return hi;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/**
 * Lays out rows as an aligned monospace table for a code block: columns padded by display width (CJK and emoji
 * count double), numeric columns right-aligned, long cells cut with `…`, and a "… N more rows" footer past
 * `maxRows`. Returns raw text; wrap it with `codeBlock` (or use {@link formatTableForSlack}) before posting.
 */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const maxWidth = options.maxWidth ?? 100;
  const maxRows = Math.max(0, options.maxRows ?? 50);
  const header = columns.map(flatten);
  const shown = rows.slice(0, maxRows).map((row) => header.map((_, i) => flatten(row[i] ?? "")));
  const natural = header.map((h, i) =>
    Math.max(displayWidth(h), ...shown.map((r) => displayWidth(r[i] ?? ""))),
  );
  const cap = columnCap(natural, maxWidth);
  const widths = natural.map((w) => Math.min(w, cap));
  const numeric = header.map((_, i) => shown.length > 0 && shown.every((r) => NUMBER.test(r[i] || "0")));
  const line = (cells: readonly string[], alignNumbers: boolean) =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? MIN_COLUMN;
        return pad(truncateToWidth(c, w), w, alignNumbers && (numeric[i] ?? false));
      })
      .join(GAP)
      .trimEnd();
  const lines = [line(header, false), widths.map((w) => "-".repeat(w)).join(GAP)];
  for (const row of shown) lines.push(line(row, true));
  if (rows.length > shown.length) lines.push(`… ${rows.length - shown.length} more rows`);
  return lines.join("\n");
}

/** Cells as CSV (RFC 4180 quoting), with formula-looking cells prefixed by `'` so a spreadsheet will not run them. */
export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (raw: string): string => {
    const defused = /^[=+\-@\t\r]/.test(raw) && !NUMBER.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
  };
  return (
    [columns, ...rows].map((r) => columns.map((_, i) => cell(r[i] ?? "")).join(",")).join("\r\n") + "\r\n"
  );
}

/** What {@link formatTableForSlack} decided: post the table inline, or upload it as a file with a preview. */
export type SlackTable =
  | { readonly kind: "inline"; readonly text: string }
  | {
      readonly kind: "file";
      /** A code block with as many leading rows as fit, to post alongside the file. */
      readonly preview: string;
      readonly filename: string;
      /** The full table as CSV, secrets redacted. */
      readonly csv: string;
      readonly rowCount: number;
    };

/** Options of {@link formatTableForSlack}. */
export interface SlackTableOptions extends TableOptions {
  /** Largest inline code block; default one section's text (3,000). */
  readonly maxChars?: number;
  /** File name for the CSV upload; default `results.csv`. */
  readonly filename?: string;
}

/**
 * Renders untrusted rows for Slack: cells are cleaned and redacted first (so alignment survives redaction),
 * then the table goes inline as an escaped code block when every row fits within `maxChars`; otherwise the
 * caller gets a preview that fits plus the full CSV to upload, so no row is silently lost.
 */
export function formatTableForSlack(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  options: SlackTableOptions = {},
): SlackTable {
  const maxChars = options.maxChars ?? MAX_SECTION_TEXT;
  const maxRows = options.maxRows ?? 50;
  const clean = (c: string) => redactSecrets(stripInvisible(c));
  const cols = columns.map(clean);
  const cleanRows = rows.map((r) => r.map(clean));
  const filename = options.filename ?? "results.csv";
  const render = (n: number) => {
    const more = cleanRows.length - n;
    const footer = more > 0 ? `\n… ${more} more rows in ${filename}` : "";
    return codeBlock(formatTable(cols, cleanRows.slice(0, n), options) + footer, Number.MAX_SAFE_INTEGER);
  };
  if (cleanRows.length <= maxRows) {
    const full = render(cleanRows.length);
    if (full.length <= maxChars) return { kind: "inline", text: full };
  }
  let lo = 0;
  let hi = Math.min(cleanRows.length, maxRows);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(mid).length <= maxChars) lo = mid;
    else hi = mid - 1;
  }
  const preview = render(lo);
  return {
    kind: "file",
    preview: preview.length <= maxChars ? preview : codeBlock(formatTable(cols, [], options), maxChars),
    filename,
    csv: toCsv(cols, cleanRows),
    rowCount: cleanRows.length,
  };
}
