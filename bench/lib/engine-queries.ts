import type { ResultRow } from "../../src/insights/logs-query-backend.js";
import type { SampleIds } from "../../src/playground/samples/sample-ids.js";

const BIN_MS = 300_000;

/** Per 5-minute bin: a count and, for latency, the p95. Keys are the bin index (epoch ms / 5 min). */
export type BinFigures = Map<number, { readonly n: number; readonly p95?: number }>;

/** One seed query, written once for the local engine and once for jq, with a way to compare their answers. */
export interface BenchQuery {
  readonly name: string;
  readonly logGroups: readonly string[];
  readonly insights: string;
  /** A jq program over the same files (`jq -n -c`), reading events with `inputs`; `$from`/`$to` are epoch ms. */
  readonly jq: string;
  readonly jqArgs: readonly string[];
  readonly fromEngine: (rows: readonly ResultRow[]) => BinFigures;
  readonly fromJq: (stdout: string) => BinFigures;
}

function cell(row: ResultRow, field: string): string | undefined {
  return row.find((c) => c.field === field)?.value;
}

/** Engine bins are `2026-11-20 06:05:00.000` (UTC); a total without `by` lands in bin 0. */
function engineBins(rows: readonly ResultRow[], withP95: boolean): BinFigures {
  const out: BinFigures = new Map();
  for (const row of rows) {
    const bin = cell(row, "bin(5m)");
    const key = bin === undefined ? 0 : Date.parse(`${bin.replace(" ", "T")}Z`) / BIN_MS;
    const p95 = cell(row, "p95");
    out.set(key, {
      n: Number(cell(row, "n")),
      ...(withP95 && p95 !== undefined && { p95: Number(p95) }),
    });
  }
  return out;
}

function jqObject(stdout: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(stdout.trim() || "{}");
  if (typeof parsed !== "object" || parsed === null) return { 0: { n: parsed } };
  return parsed as Record<string, unknown>;
}

function jqBins(stdout: string): BinFigures {
  const out: BinFigures = new Map();
  for (const [key, value] of Object.entries(jqObject(stdout))) {
    if (typeof value === "number") out.set(Number(key), { n: value });
    else if (typeof value === "object" && value !== null) {
      const v = value as { n?: unknown; p95?: unknown };
      out.set(Number(key), {
        n: Number(v.n),
        ...(typeof v.p95 === "number" && { p95: v.p95 }),
      });
    }
  }
  return out;
}

const IN_RANGE = "select(.timestamp >= $from and .timestamp <= $to)";

/**
 * The three seed queries the first users run: TradAI's error count by 5-minute bin over its ECS services,
 * AxonFlow's request-latency p95 by bin, and DynamoAI's lookup of one API request by `reqId`. The jq programs
 * do the same work the engine does (parse each line, the JSON message where the query needs its fields,
 * filter, aggregate), so the ratio compares like with like.
 */
export function benchQueries(ids: SampleIds): BenchQuery[] {
  return [
    {
      name: "TradAI errors by bin(5m)",
      logGroups: ["/ecs/tradai-backend-prod", "/ecs/tradai-strategy-service-prod"],
      insights: "filter @message like /ERROR|Exception/ | stats count(*) as n by bin(5m)",
      // Collect then group_by: jq 1.6 copies the object on every `.[$b] += 1`, quadratic in the bin count.
      jq:
        `[inputs | ${IN_RANGE} | select(.message | test("ERROR|Exception")) | (.timestamp / ${BIN_MS} | floor)]` +
        " | group_by(.) | map({key: (.[0] | tostring), value: length}) | from_entries",
      jqArgs: [],
      fromEngine: (rows) => engineBins(rows, false),
      fromJq: jqBins,
    },
    {
      name: "AxonFlow latency p95 by bin(5m)",
      logGroups: ["/axonflow/production"],
      insights: "filter ispresent(latency_ms) | stats count(*) as n, pct(latency_ms, 95) as p95 by bin(5m)",
      // Collected and grouped for the same reason (appending to per-bin arrays is worse still).
      // Nearest rank, as the engine computes pct().
      jq:
        `[inputs | ${IN_RANGE} | (.message | fromjson?) as $m | select($m.latency_ms? != null)` +
        ` | [(.timestamp / ${BIN_MS} | floor), $m.latency_ms]] | group_by(.[0])` +
        ` | map((map(.[1]) | sort) as $s | ($s | length) as $n` +
        ` | {key: (.[0][0] | tostring), value: {n: $n, p95: $s[([(0.95 * $n | ceil), 1] | max) - 1]}}) | from_entries`,
      jqArgs: [],
      fromEngine: (rows) => engineBins(rows, true),
      fromJq: jqBins,
    },
    {
      name: "DynamoAI reqId lookup",
      logGroups: ["/aws/containerinsights/dfl-prod-default-eks/application"],
      insights: `filter @logStream like /dynamoai-api-/ | filter log_processed.metadata.reqId = '${ids.dynamoaiReqId}' | stats count(*) as n`,
      jq: `reduce (inputs | ${IN_RANGE} | select(.logStreamName | test("dynamoai-api-")) | .message | fromjson? | select(.log_processed.metadata.reqId? == $id)) as $x (0; . + 1)`,
      jqArgs: ["--arg", "id", ids.dynamoaiReqId],
      fromEngine: (rows) => engineBins(rows, false),
      fromJq: jqBins,
    },
  ];
}

/** Differences between two answers, at most `max` of them, for a loud mismatch report; empty when they agree. */
export function compareBins(engine: BinFigures, jq: BinFigures, max = 5): string[] {
  const problems: string[] = [];
  for (const key of new Set([...engine.keys(), ...jq.keys()])) {
    const a = engine.get(key);
    const b = jq.get(key);
    if (a?.n !== b?.n || a?.p95 !== b?.p95) {
      const when = key === 0 ? "total" : new Date(key * BIN_MS).toISOString();
      problems.push(`${when}: engine ${JSON.stringify(a ?? null)} vs jq ${JSON.stringify(b ?? null)}`);
      if (problems.length >= max) break;
    }
  }
  return problems;
}

/** The total of `n` over all bins (the matched event count). */
export function totalCount(bins: BinFigures): number {
  let total = 0;
  for (const v of bins.values()) total += v.n;
  return total;
}
