import type { Store } from "../store/store.js";
import { renderEpisodesPerDayPng } from "./episodes-chart-png.js";
import { buildHygieneReport, type HygieneReport } from "./hygiene-report.js";

/** A finished report: the figures, its title and the episodes-per-day chart (the Slack text is built where it is posted). */
export interface ReportOutput {
  readonly report: HygieneReport;
  readonly title: string;
  readonly png: Buffer;
}

const DAY_MS = 86_400_000;

/**
 * Reads the facts of episodes opened in the last `days` days (from the store's index) and builds and charts the
 * alarm-hygiene report, optionally for one route or service.
 */
export async function runHygieneReport(
  store: Store,
  now: Date,
  days: number,
  only?: string,
): Promise<ReportOutput> {
  const from = new Date(now.getTime() - days * DAY_MS);
  const facts = await store.episodeFactsBetween(from, now);
  const report = buildHygieneReport(facts, { from, to: now, ...(only !== undefined && { only }) });
  const title = `Alarm hygiene, last ${days} days${only !== undefined ? `: ${only}` : ""}`;
  return {
    report,
    title,
    png: renderEpisodesPerDayPng(report.episodesPerDay),
  };
}

/** Parses `/klaxon report [7d|30d] [route|service]`; undefined when the arguments are not of that form. */
export function parseReportArgs(text: string): { days: number; only?: string } | undefined {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  let days = 7;
  if (words[0] === "7d" || words[0] === "30d") {
    days = words[0] === "7d" ? 7 : 30;
    words.shift();
  }
  if (words.length > 1) return undefined;
  const only = words[0];
  if (only !== undefined && !/^[\w.:-]{1,100}$/.test(only)) return undefined;
  return { days, ...(only !== undefined && { only }) };
}

/** The newest weekly time (`Mon 09:00 UTC`) at or before `at`, in ms; undefined when the text is not of that form. */
export function lastWeeklyTime(weekly: string, at: Date): number | undefined {
  const m = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([01]\d|2[0-3]):([0-5]\d) UTC$/.exec(weekly);
  if (!m) return undefined;
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(m[1] ?? "");
  const offset = (day * 1440 + Number(m[2]) * 60 + Number(m[3])) * 60_000;
  // 1970-01-04 was a Sunday.
  const sunday = 3 * DAY_MS;
  const week = 7 * DAY_MS;
  return sunday + Math.floor((at.getTime() - sunday - offset) / week) * week + offset;
}
