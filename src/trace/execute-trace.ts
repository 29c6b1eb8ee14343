import { targetOf } from "../aws/aws-accounts.js";
import { consoleQueryUrl } from "../insights/console-query-url.js";
import type { StartQueryInput } from "../insights/logs-query-backend.js";
import type { QueryDeps } from "../insights/query-deps.js";
import { runQuery } from "../insights/run-query.js";
import { newSharedSearch, type SharedSearch } from "./shared-search.js";
import {
  newProgressBook,
  type PlannedService,
  type ServiceProgress,
  snapshotTrace,
  type TracePlan,
  type TraceProgressBook,
  type TraceState,
} from "./trace-state.js";
import type { TraceWindow } from "./trace-windows.js";

export type TraceProgressListener = (state: TraceState) => void;

/**
 * Runs a planned trace: one query per service, all in parallel through the shared limiter, each service trying
 * the windows narrowest first and widening only while it has found nothing (a partial result also stops the
 * widening: a wider window would cost more; where to widen is {@link SharedSearch}'s call). `onProgress` gets a
 * fresh snapshot whenever a service starts a window or finishes. One service failing never stops the others.
 * `insights.timeoutSeconds` bounds the whole run and `maxBytesScanned` each query.
 */
export async function executeTrace(
  deps: QueryDeps,
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
  deps: QueryDeps,
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
    const next = await shared.next(index, plannedWindow, book.plan.windows[n - 1]);
    if ("stop" in next) {
      update({ status: "empty", note: next.stop });
      return;
    }
    const { window } = next;
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
