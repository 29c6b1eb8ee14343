import picomatch from "picomatch";
import type { Alarm, MetricRef } from "../alarms/alarm.js";
import type { Route, RouteMatch } from "../config/schema.js";
import type { AlarmTags } from "./alarm-tags.js";

/** Where an alarm goes and how loudly: the first matching route, or the default channel. */
export interface RouteDecision {
  readonly channel: string;
  readonly routeName?: string;
  readonly mention?: string;
  readonly runbook?: string;
  readonly severity?: "critical" | "high" | "warning" | "info";
  readonly service?: string;
  /** Mentioned in the thread when the episode stays unacknowledged too long. */
  readonly escalateTo?: string;
}

const asList = (v: string | readonly string[] | undefined): readonly string[] | undefined =>
  v === undefined ? undefined : typeof v === "string" ? [v] : v;

function metricsOf(alarm: Alarm): MetricRef[] {
  const t = alarm.trigger;
  if (t.kind === "metric") return [t.metric];
  if (t.kind === "math" || t.kind === "anomaly")
    return t.metrics.flatMap((m) => (m.metric ? [m.metric] : []));
  return [];
}

// `picomatch.isMatch` compiles its pattern on every call, which was most of routing's cost per alarm. Patterns
// come from the config, so the compiled matchers are kept; the bound only guards against unexpected growth.
const matchers = new Map<string, (value: string) => boolean>();
const MAX_MATCHERS = 10_000;

function matcherOf(pattern: string): (value: string) => boolean {
  let m = matchers.get(pattern);
  if (m === undefined) {
    m = picomatch(pattern, { dot: true, nocase: true });
    if (matchers.size >= MAX_MATCHERS) matchers.clear();
    matchers.set(pattern, m);
  }
  return m;
}

function globAny(patterns: readonly string[] | undefined, value: string | undefined): boolean {
  if (patterns === undefined) return true;
  if (value === undefined) return false;
  return patterns.some((p) => matcherOf(p)(value));
}

/**
 * True when every condition a route names holds for the alarm; absent conditions always hold. `tags` are the
 * alarm's resource tags when they could be read; `match.tags` never holds without them.
 */
export function routeMatches(match: RouteMatch, alarm: Alarm, tags?: AlarmTags): boolean {
  const metrics = metricsOf(alarm);
  const namespaces = asList(match.namespace);
  if (namespaces && !metrics.some((m) => globAny(namespaces, m.namespace))) return false;
  if (!globAny(asList(match.alarmName), alarm.name)) return false;
  if (!globAny(asList(match.account), alarm.accountId)) return false;
  if (!globAny(asList(match.region), alarm.region)) return false;
  const states = asList(match.state);
  if (states && !states.includes(alarm.state)) return false;
  if (match.dimension) {
    for (const [key, pattern] of Object.entries(match.dimension)) {
      if (!metrics.some((m) => globAny([pattern], m.dimensions[key]))) return false;
    }
  }
  if (match.tags) {
    for (const [key, pattern] of Object.entries(match.tags)) {
      if (!globAny([pattern], tags && Object.hasOwn(tags, key) ? tags[key] : undefined)) return false;
    }
  }
  return true;
}

/** True when some route matches on tags, i.e. routing needs the alarm's tags at all. */
export function routesUseTags(routes: readonly Route[]): boolean {
  return routes.some((r) => r.match.tags !== undefined && Object.keys(r.match.tags).length > 0);
}

/**
 * Picks the route for an alarm: rules are tried in order and the first match wins, so put specific rules first.
 * Globs ignore case (`*Latency*` matches `axonflow-high-latency`), because alarm naming is rarely consistent;
 * anything unmatched goes to the default channel with no mention.
 */
export function routeAlarm(
  alarm: Alarm,
  routes: readonly Route[],
  defaultChannel: string,
  tags?: AlarmTags,
): RouteDecision {
  const route = routes.find((r) => routeMatches(r.match, alarm, tags));
  if (!route) return { channel: defaultChannel };
  return {
    channel: route.channel,
    ...(route.name !== undefined && { routeName: route.name }),
    ...(route.mention !== undefined && { mention: route.mention }),
    ...(route.runbook !== undefined && { runbook: route.runbook }),
    ...(route.severity !== undefined && { severity: route.severity }),
    ...(route.service !== undefined && { service: route.service }),
    ...(route.escalateTo !== undefined && { escalateTo: route.escalateTo }),
  };
}
