import type { Alarm } from "../alarms/alarm.js";
import type { Change, Relevance } from "./change.js";
import type { DescribedChange } from "./describe-cloudtrail-event.js";

/** What makes a change relevant to one alarm: the resources it watches and the service the route names. */
export interface RelevanceContext {
  /** Dimension values of the alarm's metrics (load balancer, target group, cluster, service, function…). */
  readonly alarmResources: readonly string[];
  readonly alarmName?: string;
  /** The route's service name and the service's `resources` (ARNs or names). */
  readonly serviceResources: readonly string[];
}

const ORDER: Record<Relevance, number> = { alarm: 0, service: 1, other: 2 };
const MIN_MATCH = 3;

/** Every dimension value of the metrics an alarm watches, for {@link rankChanges}. */
export function alarmResourceNames(alarm: Alarm): string[] {
  const t = alarm.trigger;
  const metrics =
    t.kind === "metric"
      ? [t.metric]
      : t.kind === "math" || t.kind === "anomaly"
        ? t.metrics.map((m) => m.metric)
        : [];
  const values = new Set<string>();
  for (const m of metrics) for (const v of Object.values(m?.dimensions ?? {})) if (v !== "") values.add(v);
  return [...values];
}

/**
 * Ranks changes for one alarm: first those touching a resource the alarm watches (or the alarm itself, when
 * someone changed its definition), then those touching the route's service, then everything else; within each
 * group the change closest before the alarm comes first. Names match when one contains the other
 * as whole ARN or path segments (`app/web/50dc…` inside a load balancer ARN), ignoring case, so ARNs and short
 * names meet.
 */
export function rankChanges(changes: readonly DescribedChange[], context: RelevanceContext): Change[] {
  const ranked = changes.map(({ names, ...change }) => ({
    ...change,
    relevance: relevanceOf(names, change, context),
  }));
  return ranked.sort(
    (a, b) => ORDER[a.relevance] - ORDER[b.relevance] || Date.parse(b.at) - Date.parse(a.at),
  );
}

function relevanceOf(
  names: readonly string[],
  change: Omit<Change, "relevance">,
  context: RelevanceContext,
): Relevance {
  const own = [...names, ...(change.resource !== undefined ? [change.resource] : [])];
  if (
    context.alarmName !== undefined &&
    change.eventName.endsWith("MetricAlarm") &&
    own.includes(context.alarmName)
  ) {
    return "alarm";
  }
  if (overlaps(own, context.alarmResources)) return "alarm";
  if (overlaps(own, context.serviceResources)) return "service";
  return "other";
}

function overlaps(names: readonly string[], wanted: readonly string[]): boolean {
  for (const raw of names) {
    const name = raw.toLowerCase();
    for (const w of wanted) {
      const want = w.toLowerCase();
      if (want.length < MIN_MATCH || name.length < MIN_MATCH) continue;
      if (containsWhole(name, want) || containsWhole(want, name)) return true;
    }
  }
  return false;
}

/** `needle` occurs in `hay` as whole ARN/path segments (`prod` does not match inside `axonflow-prod`). */
function containsWhole(hay: string, needle: string): boolean {
  const boundary = (c: string | undefined) => c === undefined || c === "/" || c === ":";
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    if (boundary(hay[at - 1]) && boundary(hay[at + needle.length])) return true;
  }
  return false;
}
