import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfig } from "../src/config/load-config.js";
import { createLocalLogsBackend } from "../src/insights/local-engine/local-logs-backend.js";
import type { LogsQueryBackend, StartQueryInput } from "../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../src/insights/query-limiter.js";
import { DEFAULT_SAMPLE_NOW, SAMPLE_IDS } from "../src/playground/samples/sample-ids.js";
import { silentLogger } from "../src/shared/logger.js";
import { runTrace, type TraceDeps, type TraceRequest } from "../src/trace/run-trace.js";
import { formatTable } from "./lib/stats.js";

/** One printed figure; `ratio` is value / baseline. */
export interface TraceBenchRow {
  readonly figure: string;
  readonly value: number;
  readonly baseline: number;
  readonly ratio: number;
  readonly unit: string;
}

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DYNAMOAI = ["dynamoai-api", "dynamoai-moderation", "dynamoai-models"];
/** A CloudWatch-like floor per query (scaled down about 10× from the 1–3 s real queries take). */
const SIMULATED_QUERY_MS = 250;

const clock = () => DEFAULT_SAMPLE_NOW;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps a backend to record what each StartQuery asked for and, optionally, to hold results back `delayMs`. */
function instrumented(inner: LogsQueryBackend, delayMs = 0) {
  const inputs: StartQueryInput[] = [];
  const startedAt = new Map<string, number>();
  const backend: LogsQueryBackend = {
    async startQuery(input) {
      inputs.push(input);
      const id = await inner.startQuery(input);
      startedAt.set(id, performance.now());
      return id;
    },
    async getQueryResults(id) {
      const r = await inner.getQueryResults(id);
      const waited = performance.now() - (startedAt.get(id) ?? 0);
      return waited < delayMs ? { ...r, status: "Running", results: [] } : r;
    },
    stopQuery: (id) => inner.stopQuery(id),
  };
  return { backend, inputs, windowSeconds: () => inputs.reduce((s, i) => s + (i.endTime - i.startTime), 0) };
}

/** The sample config's services, log groups var-expanded as at start-up. */
const SERVICES = loadConfig({ KLAXON_CONFIG: `${ROOT}klaxon.example.yaml` }, "/nonexistent").file.services;

function deps(backend: LogsQueryBackend): TraceDeps {
  return {
    services: SERVICES,
    backend,
    limiter: createQueryLimiter(10),
    clock,
    sleep,
    logger: silentLogger(),
    limits: { timeoutSeconds: 120, maxBytesScanned: 10 * 1024 ** 3, pollIntervalMs: 10 },
    region: "us-east-1",
  };
}

async function measure(request: TraceRequest, delayMs = 0) {
  const probe = instrumented(createLocalLogsBackend({ logsDir: `${ROOT}samples/logs`, clock }), delayMs);
  const started = performance.now();
  const result = await runTrace(deps(probe.backend), request);
  const wallMs = performance.now() - started;
  if (!result.ok) throw result.error;
  return {
    wallMs,
    bytes: result.value.bytesScanned,
    windowSeconds: probe.windowSeconds(),
    state: result.value,
  };
}

const figure = (name: string, value: number, baseline: number, unit: string): TraceBenchRow => ({
  figure: name,
  value,
  baseline,
  ratio: baseline === 0 ? Number.NaN : value / baseline,
  unit,
});

async function wallFigures(label: string, delayMs: number): Promise<TraceBenchRow[]> {
  const id = SAMPLE_IDS.dynamoaiReqId;
  const singles: number[] = [];
  for (const service of Object.keys(SERVICES)) {
    singles.push((await measure({ id, services: [service] }, delayMs)).wallMs);
  }
  const parallel = (await measure({ id }, delayMs)).wallMs;
  const slowest = Math.max(...singles);
  const sum = singles.reduce((a, b) => a + b, 0);
  return [
    figure(
      `trace wall time, all ${singles.length} services in parallel vs slowest single service (${label})`,
      parallel,
      slowest,
      "ms",
    ),
    figure(
      `trace wall time, all ${singles.length} services in parallel vs sum of single services (${label})`,
      parallel,
      sum,
      "ms",
    ),
  ];
}

/**
 * Figures for `/trace` over the committed sample logs with the local engine: bytes and time window scanned
 * when the UUIDv1 anchors the search versus a naive 24 h window (for the DynamoAI services that logged the
 * request, and for all services with widening), and the wall time of the parallel trace versus the slowest
 * single-service trace and their sum, raw and with a simulated CloudWatch query latency. Prints nothing; no
 * assertions.
 */
export async function runTraceBench(): Promise<TraceBenchRow[]> {
  const id = SAMPLE_IDS.dynamoaiReqId;
  await measure({ id, services: DYNAMOAI });
  const anchored = await measure({ id, services: DYNAMOAI });
  const naive = await measure({ id, services: DYNAMOAI, window: "24h" });
  const anchoredAll = await measure({ id });
  const naiveAll = await measure({ id, window: "24h" });
  return [
    figure(
      "trace bytes scanned, DynamoAI request (3 services), anchored ±5 min vs 24 h",
      anchored.bytes,
      naive.bytes,
      "bytes",
    ),
    figure(
      "trace window scanned, DynamoAI request (3 services), anchored vs 24 h",
      anchored.windowSeconds,
      naive.windowSeconds,
      "s",
    ),
    figure(
      "trace bytes scanned, all services, anchored with widening vs 24 h",
      anchoredAll.bytes,
      naiveAll.bytes,
      "bytes",
    ),
    figure(
      "trace window scanned, all services, anchored with widening vs 24 h",
      anchoredAll.windowSeconds,
      naiveAll.windowSeconds,
      "s",
    ),
    ...(await wallFigures("local engine", 0)),
    ...(await wallFigures(
      `local engine + ${SIMULATED_QUERY_MS} ms simulated query latency`,
      SIMULATED_QUERY_MS,
    )),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runTraceBench()
    .then((rows) => process.stdout.write(`${formatTable(rows)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
