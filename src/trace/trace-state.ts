import type { ServiceConfig } from "../config/schema.js";
import type { ResultRow } from "../insights/logs-query-backend.js";
import type { AnchoredId } from "./anchor-id.js";
import type { TraceQuery } from "./build-trace-query.js";
import type { TraceError } from "./errors.js";
import { mergeTimeline, type ServiceTraceResult, type Timeline } from "./merge-timeline.js";
import type { TraceWindow } from "./trace-windows.js";

/** Where one service's search stands. `empty` means every window was searched and nothing matched. */
export type ServiceTraceStatus = "pending" | "running" | "found" | "empty" | "failed";

/** One service's part of a trace, as the Slack message shows it. */
export interface ServiceProgress {
  readonly service: string;
  readonly status: ServiceTraceStatus;
  /** The window of the latest query: the one that found lines, or the widest one tried. */
  readonly window?: TraceWindow;
  readonly windowsTried: number;
  readonly rowCount: number;
  readonly bytesScanned: number;
  readonly logGroupNames: readonly string[];
  /** Logs Insights console link for the latest query (absent when the service could not be queried). */
  readonly consoleUrl?: string;
  /** Why results are partial or widening stopped early. */
  readonly note?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** A snapshot of a `/trace` run: passed to `onProgress` as services finish, and returned at the end. */
export interface TraceState {
  readonly id: string;
  readonly anchor: AnchoredId;
  /** The user's own window, when they gave one (then it is the only window searched). */
  readonly requestedWindow?: string;
  /** Every window the search may use, narrowest first. */
  readonly windows: readonly TraceWindow[];
  readonly services: readonly ServiceProgress[];
  /** Services that are found, empty or failed. */
  readonly completed: number;
  readonly total: number;
  readonly finished: boolean;
  /** The merged timeline of the services completed so far. */
  readonly timeline: Timeline;
  /** Bytes scanned by every query of this trace so far. */
  readonly bytesScanned: number;
  readonly queriesRun: number;
  readonly elapsedMs: number;
}

/** One service in a plan: its query, or the config problem that keeps it from being queried. */
export interface PlannedService {
  readonly name: string;
  readonly config: ServiceConfig;
  readonly query?: TraceQuery;
  readonly configError?: TraceError;
  /** Why the service is not searched for this ID (its `idPattern` does not match). */
  readonly skipped?: string;
}

/** Everything decided before the first query: the anchored ID, the windows and each service's query. */
export interface TracePlan {
  readonly anchor: AnchoredId;
  readonly windows: readonly TraceWindow[];
  readonly requestedWindow?: string;
  readonly services: readonly PlannedService[];
}

/** Mutable bookkeeping of a run; only {@link snapshotTrace} turns it into what callers see. */
export interface TraceProgressBook {
  readonly plan: TracePlan;
  readonly progress: ServiceProgress[];
  readonly rows: Map<string, readonly ResultRow[]>;
  queriesRun: number;
}

const DONE: ReadonlySet<ServiceTraceStatus> = new Set(["found", "empty", "failed"]);

/** A fresh book for a plan: every service pending, or failed at once when its config cannot be queried. */
export function newProgressBook(plan: TracePlan): TraceProgressBook {
  return {
    plan,
    rows: new Map(),
    queriesRun: 0,
    progress: plan.services.map((s) => ({
      service: s.name,
      status: s.skipped !== undefined ? "empty" : s.configError === undefined ? "pending" : "failed",
      ...(s.skipped !== undefined && { note: s.skipped }),
      windowsTried: 0,
      rowCount: 0,
      bytesScanned: 0,
      logGroupNames: s.query?.logGroupNames ?? s.config.logGroups,
      ...(s.configError !== undefined && {
        error: { code: s.configError.code, message: s.configError.message },
      }),
    })),
  };
}

/**
 * The caller-facing state of a run: per-service progress, the timeline merged from every service that has
 * finished (failed ones left out, empty ones named as silent), and the total bytes scanned.
 */
export function snapshotTrace(book: TraceProgressBook, elapsedMs: number, finished: boolean): TraceState {
  const results: ServiceTraceResult[] = [];
  book.plan.services.forEach((s, i) => {
    const p = book.progress[i];
    if (p === undefined || (p.status !== "found" && p.status !== "empty")) return;
    results.push({
      service: s.name,
      config: s.config,
      rows: book.rows.get(s.name) ?? [],
      ...(s.query !== undefined && { limit: s.query.limit }),
    });
  });
  const { plan } = book;
  return {
    id: plan.anchor.id,
    anchor: plan.anchor,
    windows: plan.windows,
    ...(plan.requestedWindow !== undefined && { requestedWindow: plan.requestedWindow }),
    services: [...book.progress],
    completed: book.progress.filter((p) => DONE.has(p.status)).length,
    total: book.progress.length,
    finished,
    timeline: mergeTimeline(results),
    bytesScanned: book.progress.reduce((sum, p) => sum + p.bytesScanned, 0),
    queriesRun: book.queriesRun,
    elapsedMs,
  };
}

/** The state before any query ran, for the "working" message posted while the trace starts. */
export function initialTraceState(plan: TracePlan): TraceState {
  return snapshotTrace(newProgressBook(plan), 0, false);
}
