/** One line of the benchmark table: what was measured, in which unit, against which baseline. */
export interface BenchRow {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  /** The same figure for the reference measured in the same run (or a fixed budget such as Slack's 3 s). */
  readonly baseline?: number | string | undefined;
  /** value / baseline, when both are numbers. */
  readonly ratio?: number | undefined;
}

/**
 * The `p`-th percentile (0–100) of `values` by the nearest-rank method; NaN for an empty list. Nearest-rank
 * keeps the figure an actually observed value, which matters for small samples such as 50 acks.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}

/** Builds a row and computes `ratio` when the baseline is a non-zero number. */
export function row(figure: string, value: number, unit: string, baseline?: number | string): BenchRow {
  const ratio = typeof baseline === "number" && baseline !== 0 ? value / baseline : undefined;
  return {
    figure,
    value,
    unit,
    ...(baseline !== undefined && { baseline }),
    ...(ratio !== undefined && { ratio }),
  };
}

function show(n: number | string | undefined): string {
  if (n === undefined) return "";
  if (typeof n === "string") return n;
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Renders rows as one Markdown table (figure, value, unit, baseline, ratio), ready to paste into BENCHMARKS.md. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [
    "| figure | value | unit | baseline | ratio |",
    "|---|---:|---|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${show(r.value)} | ${r.unit} | ${show(r.baseline)} | ${r.ratio === undefined ? "" : `${show(r.ratio)}×`} |`,
    ),
  ];
  return lines.join("\n");
}

/**
 * Reads `--name value` / `--name=value` numeric options (kebab-case, e.g. `--deadline-s 60` → `deadlineS`) from
 * argv over `defaults`. Names this benchmark does not know are skipped: `npm run bench` passes every option to
 * every benchmark. A known name without a number throws rather than silently running the default size.
 */
export function numericArgs<T extends Record<string, number>>(argv: readonly string[], defaults: T): T {
  const out: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!m?.[1]) continue;
    const key = m[1].replace(/-([a-z])/g, (_s, c: string) => c.toUpperCase());
    if (!(key in defaults)) continue;
    const raw = m[2] ?? argv[++i];
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value))
      throw new Error(`--${m[1]} needs a number, got ${String(raw)}`);
    out[key] = value;
  }
  return out as T;
}
