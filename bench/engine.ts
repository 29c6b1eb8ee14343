import { execSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import type { EngineChildReply, EngineChildRequest } from "./lib/engine-child.js";
import { type BenchLogs, writeBenchLogs } from "./lib/engine-data.js";
import { type BenchQuery, benchQueries, compareBins, totalCount } from "./lib/engine-queries.js";
import { timeGlobParse } from "./lib/glob-timing.js";
import { timeSampleTemplates } from "./lib/sample-template-times.js";
import { formatTable, numericArgs } from "./lib/stats.js";

/** One printed figure; `ratio` is value / baseline (engine / jq). */
export interface EngineBenchRow {
  readonly figure: string;
  readonly value: number;
  readonly baseline?: number;
  readonly ratio?: number;
  readonly unit: string;
}

/** How much JSONL to generate; `npm run bench` and the CLI take `--bytes N`. */
export interface EngineBenchOptions {
  readonly bytes?: number;
}

const DEFAULT_BYTES = 1_000_000_000;
const MB = 1_000_000;
const SAMPLE_MS = 20;
/** V8's young generation grows to 3 × 16 MB semi-spaces under allocation-heavy streaming; this caps it. */
const SMALL_YOUNG_GENERATION = "--max-semi-space-size=2";

function ensureJq(): void {
  // Output goes to stderr so the table on stdout stays clean.
  execSync("command -v jq >/dev/null || (apt-get update && apt-get install -y jq)", {
    shell: "/bin/bash",
    stdio: ["ignore", 2, 2],
  });
}

/**
 * Bundles `bench/lib/engine-child.ts` (the engine and nothing else) into one plain ESM file, so the engine runs
 * under bare `node` as jq runs bare: no TypeScript loader thread in the measured process.
 */
function bundleEngineChild(dir: string): string {
  const outfile = join(dir, "engine-child.mjs");
  buildSync({
    entryPoints: [fileURLToPath(new URL("./lib/engine-child.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

/** Runs one query through the local engine in a fresh process and returns its rows, time and peak RSS. */
function runEngine(
  childFile: string,
  q: BenchQuery,
  logs: BenchLogs,
  nodeFlags: readonly string[] = [],
): Promise<EngineChildReply> {
  const request: EngineChildRequest = {
    logsDir: logs.logsDir,
    logGroups: q.logGroups,
    queryString: q.insights,
    startTime: Math.floor(logs.fromMs / 1000),
    endTime: Math.ceil(logs.toMs / 1000),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, childFile, JSON.stringify(request)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as EngineChildReply);
      else reject(new Error(`engine query "${q.name}" exited ${String(code)}: ${stderr.trim()}`));
    });
  });
}

/** jq's high-water RSS, read from /proc while it runs (0 where /proc is missing). */
function vmHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m?.[1] === undefined ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

function runJq(q: BenchQuery, logs: BenchLogs): Promise<{ stdout: string; ms: number; peakBytes: number }> {
  const files = q.logGroups.map((g) => join(logs.logsDir, `${g.slice(1)}.jsonl`));
  const args = [
    "-n",
    "-c",
    "--argjson",
    "from",
    String(logs.fromMs),
    "--argjson",
    "to",
    String(logs.toMs + 999),
    ...q.jqArgs,
    q.jq,
    ...files,
  ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("jq", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peakBytes = 0;
    const timer = setInterval(() => {
      if (child.pid !== undefined) peakBytes = Math.max(peakBytes, vmHwm(child.pid));
    }, SAMPLE_MS);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      const ms = performance.now() - started;
      if (code === 0) resolve({ stdout, ms, peakBytes });
      else reject(new Error(`jq for "${q.name}" exited ${String(code)}: ${stderr.trim()}`));
    });
  });
}

function isArgv(options: EngineBenchOptions | readonly string[]): options is readonly string[] {
  return Array.isArray(options);
}

function toOptions(options: EngineBenchOptions | readonly string[]): Required<EngineBenchOptions> {
  if (isArgv(options)) return numericArgs(options, { bytes: DEFAULT_BYTES });
  return { bytes: options.bytes ?? DEFAULT_BYTES };
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(0)} MB`;
}

/**
 * Generates about `bytes` (default 1 GB) of sample JSONL, runs three seed queries through the local Insights
 * engine and the same filter/aggregation through jq in the same run, and returns each query's throughput
 * (MB/s of the files it reads, engine vs jq) plus peak RSS, the engine running in a fresh `node` process as
 * jq does. Then times every sample template on `samples/logs`. Answers are compared bin by bin; a mismatch is
 * printed loudly, marks the figure and sets a failing exit code. Accepts `bench/run.ts`'s argv (`--bytes N`).
 */
export async function runEngineBench(
  options: EngineBenchOptions | readonly string[] = {},
): Promise<EngineBenchRow[]> {
  const { bytes } = toOptions(options);
  ensureJq();
  const dir = mkdtempSync(join(tmpdir(), "klaxon-engine-bench-"));
  try {
    const logs = writeBenchLogs(dir, bytes);
    process.stderr.write(
      `engine bench: wrote ${mb(logs.bytes)} (${logs.copies} × 6 h of samples) in ${logs.seconds.toFixed(1)} s\n`,
    );
    const childFile = bundleEngineChild(dir);
    const rows: EngineBenchRow[] = [];
    let enginePeak = 0;
    let smallYoungPeak = 0;
    let engineStart = 0;
    let jqPeak = 0;
    for (const q of benchQueries(logs.ids)) {
      const size = q.logGroups.reduce((n, g) => n + (logs.groupBytes.get(g) ?? 0), 0);
      const engine = await runEngine(childFile, q, logs);
      const jq = await runJq(q, logs);
      const smallYoung = await runEngine(childFile, q, logs, [SMALL_YOUNG_GENERATION]);
      smallYoungPeak = Math.max(smallYoungPeak, smallYoung.peakBytes);
      enginePeak = Math.max(enginePeak, engine.peakBytes);
      engineStart = Math.max(engineStart, engine.startBytes);
      jqPeak = Math.max(jqPeak, jq.peakBytes);
      const problems = compareBins(q.fromEngine(engine.rows), q.fromJq(jq.stdout));
      const matched = totalCount(q.fromEngine(engine.rows));
      if (problems.length > 0) {
        process.exitCode = 1;
        process.stderr.write(
          `\n!!! ENGINE/JQ MISMATCH in "${q.name}" !!!\n${problems.map((p) => `  ${p}`).join("\n")}\n\n`,
        );
      }
      const engineRate = size / MB / (engine.ms / 1000);
      const jqRate = size / MB / (jq.ms / 1000);
      process.stderr.write(
        `engine bench: ${q.name} over ${mb(size)}: engine ${(engine.ms / 1000).toFixed(1)} s (peak RSS ${mb(engine.peakBytes)}), jq ${(jq.ms / 1000).toFixed(1)} s (peak RSS ${mb(jq.peakBytes)}), ${matched} matched, ${problems.length === 0 ? "same answer" : "MISMATCH"}\n`,
      );
      rows.push({
        figure: `engine: ${q.name} (${mb(size)}, ${matched} matched${problems.length > 0 ? ", ⚠ MISMATCH vs jq" : ""}) vs jq`,
        value: engineRate,
        baseline: jqRate,
        ratio: engineRate / jqRate,
        unit: "MB/s",
      });
    }
    rows.push({
      figure: `engine: peak RSS of the engine's process (node, ${mb(engineStart)} before the query) vs jq's peak`,
      value: enginePeak / MB,
      baseline: jqPeak / MB,
      ratio: jqPeak > 0 ? enginePeak / jqPeak : Number.NaN,
      unit: "MB",
    });
    rows.push({
      figure: `engine: the same with node ${SMALL_YOUNG_GENERATION} (a smaller young generation) vs jq's peak`,
      value: smallYoungPeak / MB,
      baseline: jqPeak / MB,
      ratio: jqPeak > 0 ? smallYoungPeak / jqPeak : Number.NaN,
      unit: "MB",
    });
    const times = await timeSampleTemplates();
    const slowest = times.reduce((a, b) => (b.ms > a.ms ? b : a), { name: "none", ms: 0 });
    rows.push({
      figure: `engine: slowest of ${times.length} templates on the sample logs (${slowest.name}) vs a 1 s budget`,
      value: slowest.ms,
      baseline: 1000,
      ratio: slowest.ms / 1000,
      unit: "ms",
    });
    for (const chars of [300, 889]) {
      // The backtracking regex takes about 17 s at 889 characters; it is only timed on the short line.
      const glob = timeGlobParse(chars, chars <= 300);
      rows.push({
        figure: `engine: parse "* * * * : *" on a ${chars}-character line with no match, linear matcher${glob.regexUs === undefined ? "" : " vs the old backtracking regex"}`,
        value: glob.linearUs,
        unit: "µs",
        ...(glob.regexUs !== undefined && { baseline: glob.regexUs, ratio: glob.linearUs / glob.regexUs }),
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runEngineBench(process.argv.slice(2))
    .then((rows) => process.stdout.write(`${formatTable(rows)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
