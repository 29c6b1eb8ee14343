import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runFairnessBench } from "./fairness.js";
import { runHostileBench } from "./hostile.js";
import { runIngestBench } from "./ingest.js";
import { type BenchRow, formatTable } from "./lib/stats.js";
import { runSlashAckBench } from "./slash-ack.js";
import { runStartupBench } from "./startup.js";
import { runStormBench } from "./storm.js";

type Bench = (argv: readonly string[]) => Promise<BenchRow[]>;

function isRow(value: unknown): value is BenchRow {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.figure === "string" && typeof r.value === "number" && typeof r.unit === "string";
}

/**
 * Benchmarks other parts of klaxon contribute (`bench/trace.ts` → `runTraceBench`, `bench/engine.ts` →
 * `runEngineBench`), loaded only when the file exists so this runner works before they land.
 */
async function optionalBench(file: string, exportName: string): Promise<Bench | undefined> {
  const path = fileURLToPath(new URL(file, import.meta.url));
  if (!existsSync(path)) return undefined;
  const mod: Record<string, unknown> = await import(pathToFileURL(path).href);
  const fn = mod[exportName];
  if (typeof fn !== "function") return undefined;
  return async (argv) => {
    const rows: unknown = await fn(argv);
    return Array.isArray(rows) ? rows.filter(isRow) : [];
  };
}

/**
 * `npm run bench [name …] [--option value …]`: runs every benchmark (or only the named ones: ingest, slash-ack,
 * storm, fairness, startup, trace, engine, hostile, report) one after another, each measuring its own baseline in the same run, and prints
 * one Markdown table plus the machine it ran on. Never asserts timings.
 */
// Asks a child run for its rows as one JSON line on stdout instead of the table.
const ROWS_JSON = "--rows-json";

async function main(argv: readonly string[]): Promise<void> {
  const names = argv.filter((a, i) => !a.startsWith("--") && !(argv[i - 1] ?? "").startsWith("--"));
  const options = argv.filter((a) => !names.includes(a));
  const all: [string, Bench | undefined][] = [
    ["ingest", runIngestBench],
    ["slash-ack", runSlashAckBench],
    ["storm", runStormBench],
    ["fairness", runFairnessBench],
    ["startup", runStartupBench],
    ["trace", await optionalBench("./trace.ts", "runTraceBench")],
    ["engine", await optionalBench("./engine.ts", "runEngineBench")],
    ["hostile", runHostileBench],
    ["report", await optionalBench("./report.ts", "runReportBench")],
  ];
  const rows: BenchRow[] = [];
  const selected = all.filter(
    ([name, bench]) => bench !== undefined && (names.length === 0 || names.includes(name)),
  );
  const rowsOnly = options.includes(ROWS_JSON);
  for (const [name, bench] of selected) {
    if (bench === undefined) continue;
    const started = performance.now();
    if (!rowsOnly) process.stderr.write(`bench: ${name}…\n`);
    try {
      // Each benchmark of a multi-benchmark run gets a process of its own: what one leaves behind (heap, timers,
      // sockets) would otherwise weigh on the next one's figures and not on its baseline's.
      rows.push(...(selected.length > 1 ? await inChildProcess(name, options) : await bench(options)));
    } catch (error) {
      process.stderr.write(
        `bench: ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 1;
    }
    if (!rowsOnly)
      process.stderr.write(`bench: ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  if (rowsOnly) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const memGiB = (totalmem() / 1024 ** 3).toFixed(1);
  console.log(formatTable(rows));
  console.log(
    `\nmachine: ${cpus().length} × ${cpu}, ${memGiB} GiB RAM, Node ${process.version}, ${process.platform}`,
  );
}

/** Runs one benchmark in a child process (same Node flags, so under tsx too) and reads its rows back as JSON. */
function inChildProcess(name: string, options: readonly string[]): Promise<BenchRow[]> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), name, ...options, ROWS_JSON];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("[")) {
        reject(new Error(`bench ${name} exited with ${code}; its output ends: ${last.slice(0, 300)}`));
        return;
      }
      resolve(JSON.parse(last) as BenchRow[]);
    });
  });
}

await main(process.argv.slice(2));
