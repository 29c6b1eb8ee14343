import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalLogsBackend } from "../../../../src/insights/local-engine/local-logs-backend.js";

/**
 * The engine against a naive reference evaluator written here from the documented semantics (filter, stats,
 * sort, limit), over the same JSONL rows. Queries come from a small grammar; both answers must agree row for
 * row. Sorts always end with a unique key so that the expected order is fully determined.
 */

interface Doc {
  readonly ts: number;
  readonly svc: string;
  readonly status: number;
  readonly lat: number | undefined;
}

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const GROUP = "/app/differential";

function makeDocs(): Doc[] {
  // A fixed linear congruential sequence: the same rows on every run.
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  return Array.from({ length: 80 }, (_, i) => ({
    ts: T0 + i * 7_919,
    svc: ["api", "worker", "web"][next(3)] ?? "api",
    status: [200, 201, 404, 500][next(4)] ?? 200,
    lat: next(5) === 0 ? undefined : next(1000),
  }));
}

type Field = "svc" | "status" | "lat";
type Cmp = "=" | "!=" | "<" | "<=" | ">" | ">=";
type Filter =
  | { kind: "cmp"; field: "status" | "lat"; op: Cmp; value: number }
  | { kind: "svc"; value: string }
  | { kind: "present" };
type Tail =
  | { kind: "raw"; sortBy: Field; dir: "asc" | "desc"; limit: number }
  | { kind: "stats"; by: readonly ("svc" | "status")[]; dir: "asc" | "desc"; limit: number | undefined }
  | { kind: "twoStats"; by: readonly ("svc" | "status")[]; minRows: number };
interface Query {
  readonly filters: readonly Filter[];
  readonly tail: Tail;
}

const filterArb: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    kind: fc.constant("cmp" as const),
    field: fc.constantFrom("status" as const, "lat" as const),
    op: fc.constantFrom<Cmp>("=", "!=", "<", "<=", ">", ">="),
    value: fc.constantFrom(0, 200, 250, 404, 500, 999),
  }),
  fc.record({ kind: fc.constant("svc" as const), value: fc.constantFrom("api", "worker", "web", "none") }),
  fc.constant<Filter>({ kind: "present" }),
);
const tailArb: fc.Arbitrary<Tail> = fc.oneof(
  fc.record({
    kind: fc.constant("raw" as const),
    sortBy: fc.constantFrom<Field>("svc", "status", "lat"),
    dir: fc.constantFrom("asc" as const, "desc" as const),
    limit: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({
    kind: fc.constant("stats" as const),
    by: fc.constantFrom<readonly ("svc" | "status")[]>(["svc"], ["status"], ["svc", "status"]),
    dir: fc.constantFrom("asc" as const, "desc" as const),
    limit: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant("twoStats" as const),
    by: fc.constantFrom<readonly ("svc" | "status")[]>(["svc"], ["status"], ["svc", "status"]),
    minRows: fc.integer({ min: 0, max: 12 }),
  }),
);
const queryArb = fc.record({ filters: fc.array(filterArb, { maxLength: 2 }), tail: tailArb });

function queryText(q: Query): string {
  const parts = q.filters.map((f) =>
    f.kind === "cmp"
      ? `filter ${f.field} ${f.op} ${f.value}`
      : f.kind === "svc"
        ? `filter svc = "${f.value}"`
        : "filter ispresent(lat)",
  );
  const t = q.tail;
  if (t.kind === "raw") {
    parts.push(
      `fields @timestamp, svc, status, lat | sort ${t.sortBy} ${t.dir}, @timestamp asc | limit ${t.limit}`,
    );
  } else if (t.kind === "twoStats") {
    parts.push(
      `stats count(*) as n by ${t.by.join(", ")}`,
      `filter n >= ${t.minRows}`,
      "stats sum(n) as rows, max(n) as peak, count(*) as groups",
    );
  } else {
    parts.push(
      `stats count(*) as n, sum(lat) as total, min(lat) as lo, max(lat) as hi, avg(lat) as mean by ${t.by.join(", ")}`,
      `sort ${t.by.map((b) => `${b} ${t.dir}`).join(", ")}`,
    );
    if (t.limit !== undefined) parts.push(`limit ${t.limit}`);
  }
  return parts.join(" | ");
}

// ---- the reference evaluator ----

function value(doc: Doc, field: Field): string | number | undefined {
  return doc[field];
}

function keep(doc: Doc, f: Filter): boolean {
  if (f.kind === "present") return doc.lat !== undefined;
  if (f.kind === "svc") return doc.svc === f.value;
  const v = doc[f.field];
  if (v === undefined) return false;
  const ops: Record<Cmp, boolean> = {
    "=": v === f.value,
    "!=": v !== f.value,
    "<": v < f.value,
    "<=": v <= f.value,
    ">": v > f.value,
    ">=": v >= f.value,
  };
  return ops[f.op];
}

/** Ascending order; absent values last in both directions. */
function order(a: string | number | undefined, b: string | number | undefined, dir: "asc" | "desc"): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const c =
    typeof a === "number" && typeof b === "number"
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0;
  return dir === "asc" ? c : -c;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

function reference(docs: readonly Doc[], q: Query): Record<string, string>[] {
  const kept = docs.filter((d) => q.filters.every((f) => keep(d, f)));
  const t = q.tail;
  if (t.kind === "raw") {
    return [...kept]
      .sort((a, b) => order(value(a, t.sortBy), value(b, t.sortBy), t.dir) || a.ts - b.ts)
      .slice(0, t.limit)
      .map((d) => ({
        "@timestamp": stamp(d.ts),
        svc: d.svc,
        status: String(d.status),
        ...(d.lat === undefined ? {} : { lat: String(d.lat) }),
      }));
  }
  const groups = new Map<string, Doc[]>();
  for (const d of kept) {
    const key = t.by.map((b) => String(d[b])).join("\u0000");
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  if (t.kind === "twoStats") {
    const sizes = [...groups.values()].map((g) => g.length).filter((n) => n >= t.minRows);
    if (sizes.length === 0) return [];
    const rows = String(sizes.reduce((a, b) => a + b, 0));
    return [{ rows, peak: String(Math.max(...sizes)), groups: String(sizes.length) }];
  }
  const rows = [...groups.values()].map((members) => {
    const first = members[0] as Doc;
    const lats = members.flatMap((m) => (m.lat === undefined ? [] : [m.lat]));
    const sum = lats.reduce((a, b) => a + b, 0);
    return {
      sortKeys: t.by.map((b) => first[b]),
      row: {
        ...Object.fromEntries(t.by.map((b) => [b, String(first[b])])),
        n: String(members.length),
        ...(lats.length === 0
          ? {}
          : {
              total: String(sum),
              lo: String(Math.min(...lats)),
              hi: String(Math.max(...lats)),
              mean: String(sum / lats.length),
            }),
      },
    };
  });
  rows.sort((a, b) => {
    for (let i = 0; i < a.sortKeys.length; i++) {
      const c = order(a.sortKeys[i], b.sortKeys[i], t.dir);
      if (c !== 0) return c;
    }
    return 0;
  });
  return rows.slice(0, t.limit ?? rows.length).map((r) => r.row);
}

// ---- the engine, through the backend port over JSONL ----

let dir: string;
const docs = makeDocs();

async function engine(queryString: string): Promise<Record<string, string>[]> {
  const backend = createLocalLogsBackend({ logsDir: join(dir, "logs"), clock: () => new Date(T0) });
  const id = await backend.startQuery({
    logGroupNames: [GROUP],
    queryString,
    startTime: T0 / 1000,
    endTime: T0 / 1000 + 3600,
  });
  for (;;) {
    const r = await backend.getQueryResults(id);
    if (r.status === "Complete")
      return r.results.map((row) => Object.fromEntries(row.map((c) => [c.field, c.value])));
    if (r.status !== "Running") throw new Error(`query ended ${r.status}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe("local engine agrees with a naive reference evaluator", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "klaxon-differential-"));
    mkdirSync(join(dir, "logs", "app"), { recursive: true });
    const lines = docs.map((d) =>
      JSON.stringify({
        timestamp: d.ts,
        message: JSON.stringify({
          svc: d.svc,
          status: d.status,
          ...(d.lat === undefined ? {} : { lat: d.lat }),
        }),
        logStreamName: "s",
      }),
    );
    writeFileSync(join(dir, "logs", "app", "differential.jsonl"), `${lines.join("\n")}\n`);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("on every generated filter / stats / sort / limit query", async () => {
    await fc.assert(
      fc.asyncProperty(queryArb, async (q) => {
        // Act
        const text = queryText(q);
        const actual = await engine(text);

        // Assess
        expect({ query: text, rows: actual }).toEqual({ query: text, rows: reference(docs, q) });
      }),
      { numRuns: 150, seed: 20261120 },
    );
  });
});
