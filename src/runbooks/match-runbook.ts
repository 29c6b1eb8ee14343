import picomatch from "picomatch";
import type { Alarm } from "../alarms/alarm.js";
import type { Runbook } from "./runbook-schema.js";

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === "string" ? [v] : v;

function namespaces(alarm: Alarm): string[] {
  const t = alarm.trigger;
  if (t.kind === "metric") return t.metric.namespace ? [t.metric.namespace] : [];
  if (t.kind === "math" || t.kind === "anomaly")
    return t.metrics.flatMap((m) => (m.metric?.namespace ? [m.metric.namespace] : []));
  return [];
}

/**
 * Chooses the runbook for an alarm: the route's explicit runbook wins; otherwise the first runbook (by file name)
 * whose `match` names the alarm (glob), its namespace or the route's service. A runbook with an empty `match`
 * is only used when named explicitly.
 */
export function matchRunbook(
  alarm: Alarm,
  runbooks: readonly Runbook[],
  route: { readonly runbook?: string; readonly service?: string },
): Runbook | undefined {
  if (route.runbook) return runbooks.find((r) => r.name === route.runbook);
  const ns = namespaces(alarm);
  return runbooks.find((r) => {
    const names = list(r.match.alarmName);
    const nss = list(r.match.namespace);
    const svcs = list(r.match.services);
    if (names.length + nss.length + svcs.length === 0) return false;
    return (
      names.some((p) => picomatch.isMatch(alarm.name, p)) ||
      nss.some((p) => ns.includes(p)) ||
      (route.service !== undefined && svcs.includes(route.service))
    );
  });
}
