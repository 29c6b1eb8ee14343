import type { EpisodeFacts } from "./episode-facts.js";

/** Figures for one route or service (or everything). */
export interface ReportGroup {
  /** `route web`, `service payments`, or `all`. */
  readonly name: string;
  readonly episodes: number;
  readonly alarmMs: number;
  readonly insufficientMs: number;
  readonly ackMedianMs?: number;
  readonly ackP90Ms?: number;
  readonly resolveMedianMs?: number;
  readonly resolveP90Ms?: number;
  /** Alarms with the most episodes, with episodes per week. */
  readonly noisiest: readonly {
    readonly alarm: string;
    readonly episodes: number;
    readonly perWeek: number;
  }[];
  readonly flapping: readonly { readonly alarm: string; readonly tuning: readonly string[] }[];
  readonly neverAcknowledged: readonly string[];
  readonly withoutRunbook: readonly string[];
}

/** The alarm-hygiene report over a window, per route and per service, with episodes per day for the chart. */
export interface HygieneReport {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly total: ReportGroup;
  readonly groups: readonly ReportGroup[];
  readonly episodesPerDay: readonly number[];
}

const DAY_MS = 86_400_000;
const TOP = 5;

/** The value at quantile q (nearest rank) of sorted numbers; undefined when empty. */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function group(name: string, facts: readonly EpisodeFacts[], now: number, days: number): ReportGroup {
  let alarmMs = 0;
  let insufficientMs = 0;
  const acks: number[] = [];
  const resolves: number[] = [];
  const byAlarm = new Map<
    string,
    { episodes: number; acked: boolean; tuning?: readonly string[]; runbook: boolean }
  >();
  for (const f of facts) {
    const tail = f.closedAt === undefined ? Math.max(0, now - Date.parse(f.lastStateAt)) : 0;
    alarmMs += f.alarmMs + (f.lastState === "ALARM" ? tail : 0);
    insufficientMs += f.insufficientMs + (f.lastState === "INSUFFICIENT_DATA" ? tail : 0);
    const opened = Date.parse(f.openedAt);
    if (f.acknowledgedAt !== undefined) acks.push(Date.parse(f.acknowledgedAt) - opened);
    if (f.closedAt !== undefined) resolves.push(Date.parse(f.closedAt) - opened);
    const a = byAlarm.get(f.alarmName) ?? { episodes: 0, acked: false, runbook: false };
    byAlarm.set(f.alarmName, {
      episodes: a.episodes + 1,
      acked: a.acked || f.acknowledgedAt !== undefined,
      runbook: a.runbook || f.runbook !== undefined,
      ...((f.tuning ?? a.tuning) !== undefined && { tuning: f.tuning ?? a.tuning }),
    });
  }
  acks.sort((x, y) => x - y);
  resolves.sort((x, y) => x - y);
  const alarms = [...byAlarm].sort((x, y) => y[1].episodes - x[1].episodes || x[0].localeCompare(y[0]));
  const optional = (key: string, v: number | undefined) => (v === undefined ? {} : { [key]: v });
  return {
    name,
    episodes: facts.length,
    alarmMs,
    insufficientMs,
    ...optional("ackMedianMs", quantile(acks, 0.5)),
    ...optional("ackP90Ms", quantile(acks, 0.9)),
    ...optional("resolveMedianMs", quantile(resolves, 0.5)),
    ...optional("resolveP90Ms", quantile(resolves, 0.9)),
    noisiest: alarms.slice(0, TOP).map(([alarm, a]) => ({
      alarm,
      episodes: a.episodes,
      perWeek: Math.round((a.episodes / days) * 7 * 10) / 10,
    })),
    flapping: alarms.flatMap(([alarm, a]) => (a.tuning !== undefined ? [{ alarm, tuning: a.tuning }] : [])),
    neverAcknowledged: alarms.flatMap(([alarm, a]) => (a.acked ? [] : [alarm])),
    withoutRunbook: alarms.flatMap(([alarm, a]) => (a.runbook ? [] : [alarm])),
  };
}

/**
 * Builds the report from episode facts (pure): totals, then one group per route and per service (optionally only
 * those whose name is `only`), and episodes per day over the window for the chart.
 */
export function buildHygieneReport(
  facts: readonly EpisodeFacts[],
  window: { readonly from: Date; readonly to: Date; readonly only?: string },
): HygieneReport {
  const from = window.from.getTime();
  const now = window.to.getTime();
  const days = Math.max(1, Math.round((now - from) / DAY_MS));
  const keyed = new Map<string, EpisodeFacts[]>();
  for (const f of facts) {
    const names = [
      `route ${f.routeName ?? "(default)"}`,
      ...(f.service !== undefined ? [`service ${f.service}`] : []),
    ];
    for (const n of names) {
      const list = keyed.get(n);
      if (list) list.push(f);
      else keyed.set(n, [f]);
    }
  }
  const only = window.only?.toLowerCase();
  const selected = [...keyed].filter(([n]) => only === undefined || n.toLowerCase().endsWith(` ${only}`));
  const inScope = only === undefined ? facts : [...new Set(selected.flatMap(([, list]) => list))];
  const perDay = Array.from({ length: days }, () => 0);
  for (const f of inScope) {
    const i = Math.floor((Date.parse(f.openedAt) - from) / DAY_MS);
    if (i >= 0 && i < days) perDay[i] = (perDay[i] ?? 0) + 1;
  }
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    days,
    total: group(only === undefined ? "all" : (selected[0]?.[0] ?? only), inScope, now, days),
    groups: selected.sort((a, b) => b[1].length - a[1].length).map(([n, list]) => group(n, list, now, days)),
    episodesPerDay: perDay,
  };
}
