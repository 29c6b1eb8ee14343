import type { HygieneReport, ReportGroup } from "../../reports/hygiene-report.js";
import { formatDuration } from "../../shared/format-duration.js";
import { safeInline } from "../safe-text.js";
import { truncateMrkdwn } from "../truncate-text.js";

const MAX_TEXT = 3_500;
const LIST = 5;

const ms = (v: number | undefined): string => (v === undefined ? "–" : formatDuration(v));
const names = (list: readonly string[]): string =>
  list.length === 0
    ? "none"
    : `${list
        .slice(0, LIST)
        .map((n) => safeInline(n, 80))
        .join(", ")}${list.length > LIST ? ` +${list.length - LIST} more` : ""}`;

/** The headline numbers of a report in one line (also shown on the App Home). */
export function reportHeadline(r: HygieneReport): string {
  const t = r.total;
  return `${t.episodes} episodes in ${r.days} days, ${ms(t.alarmMs)} in ALARM, acknowledged in ${ms(t.ackMedianMs)} (median), resolved in ${ms(t.resolveMedianMs)} (median), ${t.neverAcknowledged.length} alarms never acknowledged`;
}

function renderGroup(g: ReportGroup): string {
  const lines = [
    `*${safeInline(g.name, 80)}* — ${g.episodes} episodes, ${ms(g.alarmMs)} in ALARM, ${ms(g.insufficientMs)} INSUFFICIENT_DATA`,
    `  ack median ${ms(g.ackMedianMs)} / p90 ${ms(g.ackP90Ms)} · resolve median ${ms(g.resolveMedianMs)} / p90 ${ms(g.resolveP90Ms)}`,
    `  noisiest: ${g.noisiest.map((n) => `${safeInline(n.alarm, 80)} (${n.episodes}, ${n.perWeek}/week)`).join(", ") || "none"}`,
    ...g.flapping
      .slice(0, LIST)
      .map(
        (f) =>
          `  flapping: ${safeInline(f.alarm, 80)} — try ${f.tuning.map((t) => safeInline(t, 120)).join("; ")}`,
      ),
    `  never acknowledged: ${names(g.neverAcknowledged)}`,
    `  without a runbook: ${names(g.withoutRunbook)}`,
  ];
  return lines.join("\n");
}

/** The report as one Slack message (text within Slack's limits): the headline, then each route and service. */
export function renderHygieneReport(r: HygieneReport, title: string): string {
  const text = [
    `:bar_chart: *${safeInline(title, 120)}* (${r.from.slice(0, 10)} to ${r.to.slice(0, 10)})`,
    reportHeadline(r),
    ...r.groups.map(renderGroup),
  ].join("\n");
  return truncateMrkdwn(text, MAX_TEXT);
}
