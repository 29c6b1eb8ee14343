import type { ServiceQueryDeps } from "../insights/query-deps.js";
import type { Requester } from "../insights/service-access.js";
import { parseTimeWindow } from "../insights/time-window.js";
import { err, ok, type Result } from "../shared/result.js";
import { anchorId } from "./anchor-id.js";
import { buildTraceQuery } from "./build-trace-query.js";
import { TraceError } from "./errors.js";
import { executeTrace, type TraceProgressListener } from "./execute-trace.js";
import { selectTraceServices } from "./select-trace-services.js";
import type { PlannedService, TracePlan, TraceState } from "./trace-state.js";
import { type TraceWindowOptions, traceWindows } from "./trace-windows.js";

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
  const selected = selectTraceServices(deps.services, request.services, request.requester);
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
