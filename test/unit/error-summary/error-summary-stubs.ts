import type { ServiceConfig } from "../../../src/config/schema.js";
import type { ErrorSummaryDeps } from "../../../src/error-summary/error-summary-types.js";
import { InsightsError } from "../../../src/insights/errors.js";
import type {
  LogsQueryBackend,
  QueryResults,
  ResultRow,
  StartQueryInput,
} from "../../../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../../../src/insights/query-limiter.js";
import { silentLogger } from "../../../src/shared/logger.js";

/** AxonFlow's service entry as `klaxon.example.yaml` has it. */
export const AXONFLOW: ServiceConfig = {
  logGroups: ["/axonflow/production"],
  idFields: ["request_id"],
  messageField: "message",
  levelField: "level",
  errorLevels: ["error"],
  errorPattern: "ERROR|Exception|Traceback",
};

export const NOW = new Date("2026-11-20T12:00:00.000Z");
export const NOW_S = NOW.getTime() / 1000;

/** What the stub answers for one StartQuery: rows, or an error to throw from StartQuery. */
export type StubAnswer = { readonly rows: ResultRow[]; readonly bytesScanned?: number } | InsightsError;

/** A backend that answers each query from `answer(input)` and records every StartQuery. */
export function stubBackend(answer: (input: StartQueryInput) => StubAnswer) {
  const started: StartQueryInput[] = [];
  const stopped: string[] = [];
  const results = new Map<string, QueryResults>();
  const backend: LogsQueryBackend = {
    async startQuery(input) {
      started.push(input);
      const a = answer(input);
      if (a instanceof InsightsError) throw a;
      const id = `q${started.length}`;
      results.set(id, {
        status: "Complete",
        results: a.rows,
        statistics: {
          recordsMatched: a.rows.length,
          recordsScanned: 1000,
          bytesScanned: a.bytesScanned ?? 4096,
        },
      });
      return id;
    },
    async getQueryResults(id) {
      const r = results.get(id);
      if (r === undefined) throw new InsightsError("insights_backend", `no query ${id}`);
      return r;
    },
    async stopQuery(id) {
      stopped.push(id);
    },
  };
  return { backend, started, stopped };
}

/** Deps with a virtual clock the injected sleep advances, so polling costs no wall time. */
export function stubDeps(
  backend: LogsQueryBackend,
  overrides: Partial<ErrorSummaryDeps> = {},
): ErrorSummaryDeps {
  let now = NOW.getTime();
  return {
    services: { "axonflow-api": AXONFLOW },
    backend,
    limiter: createQueryLimiter(3),
    clock: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
    },
    logger: silentLogger(),
    random: () => 0.5,
    limits: { timeoutSeconds: 60, maxBytesScanned: 1_000_000_000, pollIntervalMs: 100 },
    region: "us-east-1",
    ...overrides,
  };
}

/** A `countsByBin` row as CloudWatch returns it. */
export function binRow(iso: string, errors: number): ResultRow {
  return [
    { field: "bin(5m)", value: iso.replace("T", " ").replace("Z", "") },
    { field: "errors", value: String(errors) },
  ];
}

export function messageRow(message: string, n: number): ResultRow {
  return [
    { field: "message", value: message },
    { field: "n", value: String(n) },
  ];
}

export function streamRow(stream: string, n: number): ResultRow {
  return [
    { field: "@logStream", value: stream },
    { field: "n", value: String(n) },
  ];
}

/** Which of the three queries an input is. */
export function queryKind(input: StartQueryInput): "bins" | "messages" | "streams" {
  if (input.queryString.includes("by bin(")) return "bins";
  if (input.queryString.includes("by @logStream")) return "streams";
  return "messages";
}

/** Two errors every five minutes over `[startS, startS + seconds)`: the service's usual background. */
export function quietBins(startS: number, seconds: number): ResultRow[] {
  const rows: ResultRow[] = [];
  for (let t = startS; t < startS + seconds; t += 300) rows.push(binRow(new Date(t * 1000).toISOString(), 2));
  return rows;
}

/**
 * AxonFlow's last hour: the usual two validation errors per 5 min, then from 11:45 a burst of provider
 * timeouts the baseline never had.
 */
export function axonflowAnswer(input: StartQueryInput): StubAnswer {
  const current = input.startTime === NOW_S - 3600;
  const kind = queryKind(input);
  if (kind === "bins") {
    if (!current) return { rows: quietBins(input.startTime, input.endTime + 1 - input.startTime) };
    return {
      rows: [
        ...quietBins(NOW_S - 3600, 2700),
        binRow("2026-11-20T11:45:00.000Z", 21),
        binRow("2026-11-20T11:50:00.000Z", 26),
        binRow("2026-11-20T11:55:00.000Z", 19),
      ],
    };
  }
  if (kind === "messages") {
    const validation = messageRow("request validation failed: max_tokens 9000 exceeds limit 8192", 24);
    if (!current)
      return { rows: [messageRow("request validation failed: max_tokens 12000 exceeds limit 8192", 24)] };
    return {
      rows: [
        messageRow("LLM provider call failed: context deadline exceeded after 30000 ms", 60),
        validation,
      ],
    };
  }
  return {
    rows: [
      streamRow("orchestrator/orchestrator/5e7f9a1b3c5d4e6f8a0b2c4d6e8f0a2b", 60),
      streamRow("agent/agent/3c9e5a7b1d2f4e6a8b0c2d4e6f8a0b1c", 24),
    ],
  };
}
