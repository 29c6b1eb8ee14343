import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
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
 * storm, startup, trace, engine, hostile) one after another, each measuring its own baseline in the same run, and prints
 * one Markdown table plus the machine it ran on. Never asserts timings.
 */
async function main(argv: readonly string[]): Promise<void> {
  const names = argv.filter((a, i) => !a.startsWith("--") && !(argv[i - 1] ?? "").startsWith("--"));
  const options = argv.filter((a) => !names.includes(a));
  const all: [string, Bench | undefined][] = [
    ["ingest", runIngestBench],
    ["slash-ack", runSlashAckBench],
    ["storm", runStormBench],
    ["startup", runStartupBench],
    ["trace", await optionalBench("./trace.ts", "runTraceBench")],
    ["engine", await optionalBench("./engine.ts", "runEngineBench")],
    ["hostile", runHostileBench],
    ["report", await optionalBench("./report.ts", "runReportBench")],
  ];
  const rows: BenchRow[] = [];
  for (const [name, bench] of all) {
    if (bench === undefined || (names.length > 0 && !names.includes(name))) continue;
    const started = performance.now();
    process.stderr.write(`bench: ${name}…\n`);
    try {
      rows.push(...(await bench(options)));
    } catch (error) {
      process.stderr.write(
        `bench: ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 1;
    }
    process.stderr.write(`bench: ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const memGiB = (totalmem() / 1024 ** 3).toFixed(1);
  console.log(formatTable(rows));
  console.log(
    `\nmachine: ${cpus().length} × ${cpu}, ${memGiB} GiB RAM, Node ${process.version}, ${process.platform}`,
  );
}

await main(process.argv.slice(2));
