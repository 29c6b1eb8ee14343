import { targetOf } from "../aws/aws-accounts.js";
import type { ServiceConfig } from "../config/schema.js";
import { consoleQueryUrl } from "../insights/console-query-url.js";
import type { ResultRow, StartQueryInput } from "../insights/logs-query-backend.js";
import type { ServiceQueryDeps } from "../insights/query-deps.js";
import { runQuery } from "../insights/run-query.js";
import { type Requester, serviceAccessDenial } from "../insights/service-access.js";
import { parseTimeWindow } from "../insights/time-window.js";
import { err, ok, type Result } from "../shared/result.js";
import { anchorId } from "./anchor-id.js";
import { buildTraceQuery } from "./build-trace-query.js";
import { TraceError } from "./errors.js";
import { parseInsightsTimestamp } from "./timeline-fields.js";
import {
  newProgressBook,
  type PlannedService,
  type ServiceProgress,
  snapshotTrace,
  type TracePlan,
  type TraceProgressBook,
  type TraceState,
} from "./trace-state.js";
import { type TraceWindow, type TraceWindowOptions, traceWindows } from "./trace-windows.js";

/** What `/trace` needs: the shared query deps and services, plus its widening settings. */
export interface TraceDeps extends ServiceQueryDeps {
  /** Overrides of the widening sequence (half-widths around an ID's time, look-backs otherwise). */
  readonly windows?: Pick<TraceWindowOptions, "aroundMs" | "lookbackMs">;
  /** The longest window a user may ask for; default `7d`. */
  readonly maxWindow?: string;
}

export interface TraceRequest {
  readonly id: string;
  /** `15m`, `2h`, `since 09:30`, an ISO range; when given it is the only window searched. */
  readonly window?: string;
  /** Only these services (names from config); default every configured service. */
  readonly services?: readonly string[];
  /**
   * Who asks and where (slash commands): services whose `allowedChannels`/`allowedUserGroups` exclude them are
   * refused when named and skipped otherwise. Absent for klaxon's own traces.
   */
  readonly requester?: Requester;
}

export type TraceProgressListener = (state: TraceState) => void;

function selectServices(
  deps: TraceDeps,
  wanted: readonly string[] | undefined,
  requester: Requester | undefined,
): Result<[string, ServiceConfig][], TraceError> {
  const all = Object.entries(deps.services);
  if (all.length === 0) {
    return err(
      new TraceError(
        "trace_unknown_service",
        "No services are configured for /trace; add a `services:` section to klaxon.yaml (see klaxon.example.yaml).",
      ),
    );
  }
  const explicit = wanted !== undefined && wanted.length > 0;
  const unknown = explicit ? wanted.filter((w) => !Object.hasOwn(deps.services, w)) : [];
  if (unknown.length > 0) {
    return err(
      new TraceError(
        "trace_unknown_service",
        `No service called ${unknown.join(", ")}. Configured services: ${all.map(([n]) => n).join(", ")}.`,
      ),
    );
  }
  const chosen = explicit ? all.filter(([name]) => wanted.includes(name)) : all;
  if (requester === undefined) return ok(chosen);
  const denials = chosen.flatMap(([name, service]) => serviceAccessDenial(name, service, requester) ?? []);
  const permitted = chosen.filter(
    ([name, service]) => serviceAccessDenial(name, service, requester) === undefined,
  );
  if (explicit && denials.length > 0)
    return err(new TraceError("trace_service_not_allowed", denials.join(" ")));
  if (permitted.length === 0) {
    return err(
      new TraceError(
        "trace_service_not_allowed",
        `No configured service may be traced here. ${denials.join(" ")}`,
      ),
    );
  }
  return ok(permitted);
}

/**
 * Decides everything before a query runs: validates and anchors the ID (nothing unvalidated reaches a query),
 * selects the services, parses the user's window or derives the widening sequence from the ID's embedded time,
 * and builds each service's query. A service whose config cannot be queried is planned as failed, so the
 * others still run; a bad ID, window or service name is a usage error.
 */
export function planTrace(deps: TraceDeps, request: TraceRequest): Result<TracePlan, TraceError> {
  const now = deps.clock();
  const anchor = anchorId(request.id, now);
  if (!anchor.ok) return anchor;
  const selected = selectServices(deps, request.services, request.requester);
  if (!selected.ok) return selected;

  let requested: { start: Date; end: Date } | undefined;
  let requestedWindow: string | undefined;
  if (request.window !== undefined && request.window.trim() !== "") {
    const parsed = parseTimeWindow(request.window, {
      now,
      defaultWindow: "1h",
      maxWindow: deps.maxWindow ?? "7d",
    });
    if (!parsed.ok) return err(new TraceError("trace_window_invalid", parsed.error.message));
    requested = {
      start: new Date(parsed.value.startTime * 1000),
      end: new Date(parsed.value.endTime * 1000),
    };
    requestedWindow = parsed.value.label;
  }
  const windows = traceWindows(anchor.value, now, {
    ...deps.windows,
    ...(requested !== undefined && { requested }),
  });
  const services: PlannedService[] = selected.value.map(([name, config]) => {
    if (config.idPattern !== undefined && !new RegExp(`^(?:${config.idPattern})$`).test(anchor.value.id)) {
      const skipped = `Skipped: ${anchor.value.id} does not match this service's idPattern \`${config.idPattern}\`.`;
      return { name, config, skipped };
    }
    const query = buildTraceQuery(name, config, anchor.value);
    return query.ok ? { name, config, query: query.value } : { name, config, configError: query.error };
  });
  return ok({
    anchor: anchor.value,
    windows,
    services,
    ...(requestedWindow !== undefined && { requestedWindow }),
  });
}

function startQueryInput(planned: PlannedService, window: TraceWindow): StartQueryInput | undefined {
  if (planned.query === undefined) return undefined;
  const target = targetOf(planned.config);
  return {
    logGroupNames: planned.query.logGroupNames,
    ...(target !== undefined && { target }),
    queryString: planned.query.queryString,
    // Epoch seconds, inclusive at both ends: round outwards so the window's edges are searched too.
    startTime: Math.floor(window.start.getTime() / 1000),
    endTime: Math.ceil(window.end.getTime() / 1000),
    limit: planned.query.limit,
  };
}

/**
 * Runs a planned trace: one query per service, all in parallel through the shared limiter, each service trying
 * the windows narrowest first and widening only while it has found nothing (a partial result also stops the
 * widening: a wider window would cost more). `onProgress` gets a fresh snapshot whenever a service starts a
 * window or finishes. One service failing never stops the others. `insights.timeoutSeconds` bounds the whole
 * run and `maxBytesScanned` each query.
 */
export async function executeTrace(
  deps: TraceDeps,
  plan: TracePlan,
  onProgress: TraceProgressListener = () => {},
): Promise<TraceState> {
  const started = deps.clock().getTime();
  const deadline = started + deps.limits.timeoutSeconds * 1000;
  const book = newProgressBook(plan);
  const elapsed = () => deps.clock().getTime() - started;
  const emit = () => onProgress(snapshotTrace(book, elapsed(), false));

  const shared = newSharedSearch(plan.services.filter((p) => p.query !== undefined).length);
  await Promise.all(
    plan.services.map((planned, index) =>
      traceService(deps, book, planned, index, deadline, emit, shared).finally(() => {
        if (planned.query !== undefined) shared.firstDone(index);
      }),
    ),
  );
  return snapshotTrace(book, elapsed(), true);
}

async function traceService(
  deps: TraceDeps,
  book: TraceProgressBook,
  planned: PlannedService,
  index: number,
  deadline: number,
  emit: () => void,
  shared: SharedSearch,
): Promise<void> {
  const update = (patch: Partial<ServiceProgress>): void => {
    const current = book.progress[index];
    if (current !== undefined) book.progress[index] = { ...current, ...patch };
    emit();
  };
  const current = () => book.progress[index];
  if (planned.query === undefined) return;

  for (const [n, plannedWindow] of book.plan.windows.entries()) {
    let window = plannedWindow;
    if (n > 0) {
      // Widen only once every service has searched the narrowest window: if one found the request there, the
      // others search only around what it found, instead of hours on either side.
      shared.firstDone(index);
      await shared.firstRound;
      const found = shared.found;
      if (found !== undefined) {
        const near = nearFound(found);
        const searched = book.plan.windows[n - 1];
        if (searched !== undefined && covers(searched, near)) {
          update({
            status: "empty",
            note: `Not widened: ${found.service} found the request at ${near.label}, inside the window already searched.`,
          });
          return;
        }
        window = near;
      }
    }
    const input = startQueryInput(planned, window);
    if (input === undefined) return;
    const consoleUrl = consoleQueryUrl({ ...input, region: input.target?.region ?? deps.region });
    update({ status: "running", window, windowsTried: n + 1, consoleUrl });
    const outcome = await deps.limiter.run(async () => {
      // Measured after the limiter's queue: time spent waiting for a slot counts against the same budget.
      const remaining = deadline - deps.clock().getTime();
      if (remaining <= 0) return undefined;
      book.queriesRun += 1;
      return runQuery(
        {
          backend: deps.backend,
          clock: deps.clock,
          sleep: deps.sleep,
          logger: deps.logger,
          ...(deps.random !== undefined && { random: deps.random }),
        },
        input,
        {
          timeoutMs: remaining,
          pollIntervalMs: deps.limits.pollIntervalMs,
          maxBytesScanned: deps.limits.maxBytesScanned,
        },
      );
    });
    if (outcome === undefined) {
      update({
        status: "empty",
        note: `Stopped widening: the trace used its ${deps.limits.timeoutSeconds}s (insights.timeoutSeconds). Give a window, e.g. \`/trace ${book.plan.anchor.id} 2h\`.`,
      });
      return;
    }
    if (!outcome.ok) {
      deps.logger.warn({ service: planned.name, code: outcome.error.code }, "trace query failed");
      update({ status: "failed", error: { code: outcome.error.code, message: outcome.error.message } });
      return;
    }
    const bytesScanned = (current()?.bytesScanned ?? 0) + outcome.value.statistics.bytesScanned;
    const rows = outcome.value.results;
    if (rows.length > 0) {
      book.rows.set(planned.name, rows);
      shared.foundRows(planned.name, rows, window);
    }
    const note = outcome.value.note;
    if (rows.length > 0 || outcome.value.partial) {
      update({
        status: rows.length > 0 ? "found" : "empty",
        rowCount: rows.length,
        bytesScanned,
        ...(note !== undefined && { note }),
      });
      return;
    }
    update({ bytesScanned });
    if (window !== plannedWindow) {
      update({
        status: "empty",
        note: `Searched only around where ${shared.found?.service ?? "another service"} found the request (${window.label}).`,
      });
      return;
    }
  }
  update({ status: "empty" });
}

/** Margin around the lines one service found that the other services search (async hops lag a little). */
export const FOUND_MARGIN_MS = 2 * 60_000;

/** What the services of one run share: when the narrowest round is over, and where the request was found. */
interface SharedSearch {
  readonly firstRound: Promise<void>;
  /** Marks a service's narrowest search over (idempotent per service). */
  firstDone(index: number): void;
  foundRows(service: string, rows: readonly ResultRow[], window: TraceWindow): void;
  readonly found: { service: string; startMs: number; endMs: number } | undefined;
}

function newSharedSearch(queried: number): SharedSearch {
  let release = () => {};
  const firstRound = new Promise<void>((resolve) => {
    release = resolve;
  });
  const done = new Set<number>();
  let found: SharedSearch["found"];
  if (queried === 0) release();
  return {
    firstRound,
    firstDone(index) {
      if (done.has(index)) return;
      done.add(index);
      if (done.size >= queried) release();
    },
    foundRows(service, rows, window) {
      const times = rows
        .map((r) => parseInsightsTimestamp(r.find((f) => f.field === "@timestamp")?.value))
        .filter((t): t is number => t !== undefined);
      const startMs = times.length > 0 ? Math.min(...times) : window.start.getTime();
      const endMs = times.length > 0 ? Math.max(...times) : window.end.getTime();
      found =
        found === undefined
          ? { service, startMs, endMs }
          : { ...found, startMs: Math.min(found.startMs, startMs), endMs: Math.max(found.endMs, endMs) };
    },
    get found() {
      return found;
    },
  };
}

function nearFound(found: { startMs: number; endMs: number }): TraceWindow {
  const start = new Date(found.startMs - FOUND_MARGIN_MS);
  const end = new Date(found.endMs + FOUND_MARGIN_MS);
  return {
    start,
    end,
    label: `${start.toISOString().slice(11, 19)}–${end.toISOString().slice(11, 19)} UTC`,
  };
}

function covers(outer: TraceWindow, inner: TraceWindow): boolean {
  return outer.start.getTime() <= inner.start.getTime() && outer.end.getTime() >= inner.end.getTime();
}

/**
 * `/trace` without Slack: plans (validating the ID, window and service names) and executes the trace, giving
 * per-service progress to `onProgress`. Usage problems come back as a `TraceError`; query failures are named
 * per service inside the returned state.
 */
export async function runTrace(
  deps: TraceDeps,
  request: TraceRequest,
  onProgress: TraceProgressListener = () => {},
): Promise<Result<TraceState, TraceError>> {
  const plan = planTrace(deps, request);
  if (!plan.ok) return plan;
  return ok(await executeTrace(deps, plan.value, onProgress));
}
