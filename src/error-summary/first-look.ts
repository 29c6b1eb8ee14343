import type { Alarm } from "../alarms/alarm.js";
import { targetOf } from "../aws/aws-accounts.js";
import type { ServiceConfig } from "../config/schema.js";
import type { RouteDecision } from "../routing/route-alarm.js";
import type { ErrorSummaryDeps, ErrorSummaryOutcome, QueryRange } from "./error-summary-types.js";
import { runErrorSummary } from "./run-error-summary.js";

/** Which service the first look examines and over which window (epoch seconds, inclusive). */
export interface FirstLookRequest {
  readonly serviceName: string;
  /** Undefined when the route names a service the config does not define. */
  readonly service: ServiceConfig | undefined;
  readonly window: QueryRange;
  /** The evaluation period the window was derived from, in seconds. */
  readonly periodSeconds: number;
}

/**
 * What the first look found for the route's service: the error summary over the window before the alarm, or
 * why there is none (unknown service, queries failing, anything thrown), for the reader to run `/errors` by hand.
 */
export type FirstLook =
  | {
      readonly kind: "summary";
      readonly serviceName: string;
      readonly window: QueryRange;
      readonly outcome: Extract<ErrorSummaryOutcome, { kind: "summary" }>;
    }
  | { readonly kind: "failed"; readonly serviceName: string; readonly reason: string };

/** The first look's own limits: a fraction of the `/errors` budget, because nobody asked for it. */
export const FIRST_LOOK_BYTES_FRACTION = 4;
export const FIRST_LOOK_TIMEOUT_MS = 30_000;

const DEFAULT_PERIOD = 300;
const MARGIN_PERIODS = 2;
const MIN_WINDOW = 15 * 60;
const MAX_WINDOW = 3 * 3600;

/**
 * Decides the first look for an alarm: the route's `service` (none → undefined, no first look) and a window
 * ending at the alarm's state-change time that covers its evaluation window (evaluation periods × period) plus
 * two periods of lead-up, at least 15 min and at most 3 h. Alarms without a period (composite, unknown shapes)
 * count as one 5 min period. An unreadable alarm time falls back to `now` when given, else undefined.
 */
export function buildFirstLookRequest(
  alarm: Alarm,
  route: RouteDecision,
  services: Readonly<Record<string, ServiceConfig>>,
  now?: Date,
): FirstLookRequest | undefined {
  const serviceName = route.service;
  if (serviceName === undefined) return undefined;
  const alarmMs = Date.parse(alarm.time);
  const endMs = Number.isNaN(alarmMs) ? now?.getTime() : alarmMs;
  if (endMs === undefined) return undefined;
  const { period, evaluationPeriods } = evaluationOf(alarm);
  const seconds = Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, (evaluationPeriods + MARGIN_PERIODS) * period));
  const endTime = Math.floor(endMs / 1000);
  return {
    serviceName,
    service: Object.hasOwn(services, serviceName) ? services[serviceName] : undefined,
    window: { startTime: endTime - seconds, endTime },
    periodSeconds: period,
  };
}

/**
 * The context klaxon posts into a new alarm thread: `/errors` for the route's service over the window of
 * {@link buildFirstLookRequest}, with a quarter of the bytes-scanned cap and a 30 s budget. Undefined when the
 * route names no service. Every failure (unknown service, queries failing, anything thrown) becomes a `failed`
 * look with the reason, never an exception; `slack/blocks/first-look-message.ts` renders either.
 */
export async function runFirstLook(
  deps: ErrorSummaryDeps,
  alarm: Alarm,
  route: RouteDecision,
): Promise<FirstLook | undefined> {
  const request = buildFirstLookRequest(alarm, route, deps.services, deps.clock());
  if (request === undefined) return undefined;
  const { serviceName, service, window } = request;
  if (service === undefined) {
    return failure(
      serviceName,
      `the route names service ${serviceName}, which is not under services: in the config`,
    );
  }
  try {
    const outcome = await runErrorSummary(deps, {
      target: { name: serviceName, service: inAlarmAccount(service, alarm), adHoc: false },
      window,
      maxBytesScanned: Math.max(1, Math.floor(deps.limits.maxBytesScanned / FIRST_LOOK_BYTES_FRACTION)),
      budgetMs: Math.min(FIRST_LOOK_TIMEOUT_MS, deps.limits.timeoutSeconds * 1000),
    });
    if (outcome.kind === "failed") return failure(serviceName, outcome.message);
    return { kind: "summary", serviceName, window, outcome };
  } catch (error) {
    deps.logger.warn({ err: error, service: serviceName, alarm: alarm.name }, "first look threw");
    return failure(serviceName, error instanceof Error ? error.message : String(error));
  }
}

/**
 * The service as the first look queries it: in the alarm's own account and region unless the service names
 * them (log groups by ARN stay in klaxon's monitoring account, in the ARN's region; see `targetOf`).
 */
function inAlarmAccount(service: ServiceConfig, alarm: Alarm): ServiceConfig {
  const target = targetOf(service, {
    ...(alarm.accountId !== undefined && { account: alarm.accountId }),
    ...(alarm.region !== undefined && { region: alarm.region }),
  });
  return { ...service, ...target };
}

function failure(serviceName: string, reason: string): FirstLook {
  return { kind: "failed", serviceName, reason };
}

function evaluationOf(alarm: Alarm): { period: number; evaluationPeriods: number } {
  const t = alarm.trigger;
  if (t.kind === "composite" || t.kind === "unknown") return { period: DEFAULT_PERIOD, evaluationPeriods: 1 };
  const metricPeriod =
    t.kind === "metric"
      ? t.metric.period
      : t.metrics.find((m) => m.metric?.period !== undefined)?.metric?.period;
  const period = positive(t.period) ?? positive(metricPeriod) ?? DEFAULT_PERIOD;
  return { period, evaluationPeriods: positive(t.evaluationPeriods) ?? 1 };
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}
