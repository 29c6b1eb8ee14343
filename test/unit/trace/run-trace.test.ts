import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ServiceConfig, ServiceSchema } from "../../../src/config/schema.js";
import { InsightsError } from "../../../src/insights/errors.js";
import type {
  LogsQueryBackend,
  ResultRow,
  StartQueryInput,
} from "../../../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../../../src/insights/query-limiter.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { runTrace, type TraceDeps } from "../../../src/trace/run-trace.js";
import type { TraceState } from "../../../src/trace/trace-state.js";

const SEED_ID = "19e555d0-b349-11f0-9ee0-09606a1108f9";
/** The seed UUIDv1's embedded time. */
const SEED_TIME = Date.parse("2025-10-27T15:24:59.693Z");
const NOW = Date.parse("2025-10-27T18:00:00.000Z");

const SERVICES: Record<string, ServiceConfig> = {
  api: ServiceSchema.parse({
    logGroups: ["/eks/app"],
    streamFilter: "api-",
    idFields: ["reqId"],
    messageField: "msg",
    levelField: "level",
  }),
  moderation: ServiceSchema.parse({
    logGroups: ["/eks/app"],
    streamFilter: "moderation-",
    idFields: ["trace_id"],
    messageField: "msg",
    levelField: "level",
  }),
  models: ServiceSchema.parse({
    logGroups: ["/eks/models"],
    idFields: ["request_id"],
    messageField: "msg",
    levelField: "level",
  }),
};

function serviceOf(input: StartQueryInput): string {
  if (input.queryString.includes("reqId")) return "api";
  if (input.queryString.includes("trace_id")) return "moderation";
  return "models";
}

/** How one service's query behaves: how long it runs (virtual ms), what it returns, or how it fails. */
interface Script {
  readonly durationMs?: number;
  readonly rows?: (input: StartQueryInput) => ResultRow[];
  readonly bytes?: number;
  /** Bytes reported while still running, to trip the bytes cap. */
  readonly runningBytes?: number;
  readonly error?: InsightsError;
}

function row(isoTime: string, msg: string, level = "info"): ResultRow {
  return [
    { field: "@timestamp", value: isoTime.replace("T", " ").replace("Z", "") },
    { field: "msg", value: msg },
    { field: "level", value: level },
  ];
}

/** A backend whose queries take virtual time, so fake timers measure wall time without waiting. */
function stubBackend(scripts: Record<string, Script>) {
  const starts: { service: string; input: StartQueryInput; at: number }[] = [];
  const stops: string[] = [];
  const queries = new Map<string, { script: Script; input: StartQueryInput; at: number }>();
  const backend: LogsQueryBackend = {
    async startQuery(input) {
      const service = serviceOf(input);
      const script = scripts[service] ?? {};
      starts.push({ service, input, at: Date.now() });
      if (script.error) throw script.error;
      const id = `q${starts.length}`;
      queries.set(id, { script, input, at: Date.now() });
      return id;
    },
    async getQueryResults(id) {
      const q = queries.get(id);
      if (!q) throw new Error(`unknown query ${id}`);
      if (Date.now() - q.at < (q.script.durationMs ?? 0)) {
        const bytesScanned = q.script.runningBytes ?? 0;
        return {
          status: "Running",
          results: [],
          statistics: { bytesScanned, recordsMatched: 0, recordsScanned: 0 },
        };
      }
      const bytesScanned = q.script.bytes ?? 1000;
      return {
        status: "Complete",
        results: q.script.rows?.(q.input) ?? [],
        statistics: { bytesScanned, recordsMatched: 0, recordsScanned: 10 },
      };
    },
    async stopQuery(id) {
      stops.push(id);
    },
  };
  return { backend, starts, stops, startsOf: (s: string) => starts.filter((x) => x.service === s) };
}

function deps(backend: LogsQueryBackend, overrides: Partial<TraceDeps> = {}): TraceDeps {
  return {
    services: SERVICES,
    backend,
    limiter: createQueryLimiter(10),
    clock: () => new Date(Date.now()),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    logger: silentLogger(),
    random: () => 0.5,
    limits: { timeoutSeconds: 120, maxBytesScanned: 10_000_000, pollIntervalMs: 100 },
    region: "us-east-1",
    ...overrides,
  };
}

/** Runs a trace to completion under fake timers. */
async function trace(
  d: TraceDeps,
  request: Parameters<typeof runTrace>[1],
  onProgress?: (s: TraceState) => void,
) {
  const pending = runTrace(d, request, onProgress);
  await vi.runAllTimersAsync();
  const result = await pending;
  if (!result.ok) throw result.error;
  return result.value;
}

const within = (from: number, to: number) => (input: StartQueryInput) =>
  input.startTime * 1000 <= from && input.endTime * 1000 >= to;
const at = (offsetMs: number) => new Date(SEED_TIME + offsetMs).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("runTrace", () => {
  it("anchors the seed UUIDv1 so the first StartQuery of every service asks for ±5 min around its time", async () => {
    // Prepare
    const stub = stubBackend({ api: { rows: () => [row(at(0), "start")] } });

    // Act
    await trace(deps(stub.backend), { id: SEED_ID });

    // Assess
    const expected = {
      startTime: Date.UTC(2025, 9, 27, 15, 19, 59) / 1000,
      endTime: Date.UTC(2025, 9, 27, 15, 30, 0) / 1000,
    };
    for (const service of ["api", "moderation", "models"]) {
      const [first] = stub.startsOf(service);
      expect({ startTime: first?.input.startTime, endTime: first?.input.endTime }).toEqual(expected);
    }
  });

  it("runs the services in parallel: wall time is about the slowest query, not the sum", async () => {
    // Prepare
    const found = (ms: number): Script => ({ durationMs: ms, rows: () => [row(at(ms), "line")] });
    const stub = stubBackend({ api: found(2000), moderation: found(5000), models: found(9000) });

    // Act
    const state = await trace(deps(stub.backend), { id: SEED_ID });

    // Assess
    expect(state.elapsedMs).toBeGreaterThanOrEqual(9000);
    expect(state.elapsedMs).toBeLessThan(10_000);
    expect(new Set(stub.starts.map((s) => s.at))).toEqual(new Set([NOW]));
  });

  it("goes through the shared limiter: with one slot the services run one after another", async () => {
    // Prepare
    const found = (ms: number): Script => ({ durationMs: ms, rows: () => [row(at(ms), "line")] });
    const stub = stubBackend({ api: found(2000), moderation: found(5000), models: found(9000) });

    // Act
    const state = await trace(deps(stub.backend, { limiter: createQueryLimiter(1) }), { id: SEED_ID });

    // Assess
    expect(state.elapsedMs).toBeGreaterThanOrEqual(16_000);
  });

  it("widens, narrowest window first, while no service has found the request", async () => {
    // Prepare: only models logged it, 20 min after the ID time, so only the ±30 min window finds it.
    const late = SEED_TIME + 20 * 60_000;
    const stub = stubBackend({
      models: { rows: (i) => (within(late, late)(i) ? [row(new Date(late).toISOString(), "late")] : []) },
    });

    // Act
    const state = await trace(deps(stub.backend), { id: SEED_ID });

    // Assess
    expect(stub.startsOf("models")).toHaveLength(2);
    const models = state.services.find((s) => s.service === "models");
    expect([models?.status, models?.windowsTried]).toEqual(["found", 2]);
    expect(models?.window?.label).toBe("±30 min around 2025-10-27 15:24:59 UTC");
  });

  it("once a service found the request, searches the others only around it instead of widening", async () => {
    // Prepare: api logged the request at the ID time; models only 20 min later, moderation never.
    const late = SEED_TIME + 20 * 60_000;
    const stub = stubBackend({
      api: { rows: () => [row(at(0), "start")] },
      models: { rows: (i) => (within(late, late)(i) ? [row(new Date(late).toISOString(), "late")] : []) },
    });

    // Act
    const state = await trace(deps(stub.backend), { id: SEED_ID });

    // Assess
    expect(stub.starts).toHaveLength(3);
    expect(state.services.map((s) => [s.service, s.status, s.windowsTried])).toEqual([
      ["api", "found", 1],
      ["moderation", "empty", 1],
      ["models", "empty", 1],
    ]);
    expect(state.services[1]?.note).toContain("Not widened: api found the request");
    expect(state.bytesScanned).toBe(3000);
  });

  it("skips a service whose idPattern the ID cannot match, and says why", async () => {
    // Prepare
    const stub = stubBackend({ api: { rows: () => [row(at(0), "start")] } });
    const services = {
      ...SERVICES,
      models: ServiceSchema.parse({ ...SERVICES.models, idPattern: "req-[A-Za-z0-9]{16}" }),
      api: ServiceSchema.parse({ ...SERVICES.api, idPattern: "[0-9a-f]{8}-[0-9a-f-]{27}" }),
    };

    // Act
    const state = await trace(deps(stub.backend, { services }), { id: SEED_ID });

    // Assess
    expect(stub.startsOf("models")).toHaveLength(0);
    expect(stub.startsOf("api")).toHaveLength(1);
    const models = state.services.find((s) => s.service === "models");
    expect([models?.status, models?.windowsTried]).toEqual(["empty", 0]);
    expect(models?.note).toBe(
      `Skipped: ${SEED_ID} does not match this service's idPattern \`req-[A-Za-z0-9]{16}\`.`,
    );
  });

  it("refuses an idPattern that does not compile or quantifies a group", () => {
    const parse = (idPattern: string) => ServiceSchema.safeParse({ logGroups: ["/x"], idPattern }).success;
    expect([parse("req-[0-9a-f]{16}"), parse("(a+)+$"), parse("(ab){2,}"), parse("[unclosed")]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it("searches only the user's window when one is given", async () => {
    // Prepare
    const stub = stubBackend({});

    // Act
    const state = await trace(deps(stub.backend), { id: SEED_ID, window: "2h" });

    // Assess
    expect(stub.starts.map((s) => [s.input.startTime, s.input.endTime])).toEqual(
      Array.from({ length: 3 }, () => [(NOW - 2 * 3600_000) / 1000, NOW / 1000]),
    );
    expect(state.requestedWindow).toBe("last 2h");
  });

  it("isolates a failing service: the others still return, the failure is named", async () => {
    // Prepare
    const denied = new InsightsError(
      "insights_access_denied",
      "klaxon's AWS role may not call logs:StartQuery",
    );
    const stub = stubBackend({
      api: { rows: () => [row(at(0), "start"), row(at(900), "502 from models", "error")] },
      moderation: { error: denied },
      models: { rows: () => [row(at(300), "CUDA out of memory", "error")] },
    });

    // Act
    const state = await trace(deps(stub.backend), { id: SEED_ID });

    // Assess
    expect(state.services.map((s) => s.status)).toEqual(["found", "failed", "found"]);
    expect(state.services[1]?.error).toEqual({ code: "insights_access_denied", message: denied.message });
    expect(state.timeline.entries.map((e) => e.service)).toEqual(["api", "models", "api"]);
    expect(state.timeline.firstError?.message).toBe("CUDA out of memory");
  });

  it("reports progress as each service completes, with the partial timeline", async () => {
    // Prepare
    const found = (ms: number): Script => ({ durationMs: ms, rows: () => [row(at(ms), `after ${ms}`)] });
    const stub = stubBackend({ api: found(1000), moderation: found(3000), models: found(6000) });
    const seen: TraceState[] = [];

    // Act
    const final = await trace(deps(stub.backend), { id: SEED_ID }, (s) => seen.push(s));

    // Assess
    const firstDone = seen.find((s) => s.completed === 1);
    expect(firstDone?.services.map((s) => s.status)).toEqual(["found", "running", "running"]);
    expect(firstDone?.timeline.entries.map((e) => e.message)).toEqual(["after 1000"]);
    expect(seen.map((s) => s.completed)).toEqual([...seen.map((s) => s.completed)].sort((a, b) => a - b));
    expect(seen.every((s) => !s.finished)).toBe(true);
    expect(final.finished).toBe(true);
    expect(final.completed).toBe(3);
  });

  it("stops a query over insights.maxBytesScanned and does not widen after partial results", async () => {
    // Prepare
    const stub = stubBackend({ models: { durationMs: 60_000, runningBytes: 5_000_000 } });
    const d = deps(stub.backend, {
      limits: { timeoutSeconds: 120, maxBytesScanned: 1_000_000, pollIntervalMs: 100 },
    });

    // Act
    const state = await trace(d, { id: SEED_ID, services: ["models"] });

    // Assess
    expect(stub.stops).toHaveLength(1);
    expect(state.services[0]).toMatchObject({ status: "empty", windowsTried: 1, bytesScanned: 5_000_000 });
    expect(state.services[0]?.note).toMatch(/insights\.maxBytesScanned/);
  });

  it("bounds the whole trace, widening included, by insights.timeoutSeconds", async () => {
    // Prepare: each query takes 4 s and finds nothing; the trace may take 6 s in all.
    const stub = stubBackend({ models: { durationMs: 4000 } });
    const d = deps(stub.backend, {
      limits: { timeoutSeconds: 6, maxBytesScanned: 1e9, pollIntervalMs: 100 },
    });

    // Act
    const state = await trace(d, { id: SEED_ID, services: ["models"] });

    // Assess
    expect(stub.startsOf("models")).toHaveLength(2);
    expect(state.elapsedMs).toBeLessThanOrEqual(6000);
    expect(state.services[0]?.note).toMatch(/Stopped after/);
  });

  it("refuses a bad ID, window or service before any query runs", async () => {
    // Prepare
    const stub = stubBackend({});
    const d = deps(stub.backend);

    // Act
    const results = await Promise.all([
      runTrace(d, { id: "abc'; drop" }),
      runTrace(d, { id: SEED_ID, window: "yesterday-ish" }),
      runTrace(d, { id: SEED_ID, services: ["payments"] }),
    ]);

    // Assess
    expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual([
      "trace_id_invalid",
      "trace_window_invalid",
      "trace_unknown_service",
    ]);
    expect(stub.starts).toHaveLength(0);
  });
});
