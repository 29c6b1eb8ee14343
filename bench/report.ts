import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Episode } from "../src/incidents/episode.js";
import { runHygieneReport } from "../src/reports/run-report.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import { makeAlarm } from "../test/fakes/make-alarm.js";
import { type BenchRow, numericArgs, row } from "./lib/stats.js";

export const REPORT_DEFAULTS = { episodes: 100_000, alarms: 400, routes: 12, days: 365 };

const DAY_MS = 86_400_000;
const NOW = Date.parse("2026-12-01T00:00:00Z");

/**
 * The alarm-hygiene report on a year of history: writes `episodes` generated episodes (spread over `days`, over
 * `alarms` alarms and `routes` routes) into a SQLite store through `ingest`, then times the 7-day and 30-day
 * reports (facts read from the index by opening time, aggregated, rendered, charted). Prints, never asserts.
 */
export async function runReportBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, REPORT_DEFAULTS);
  const dir = mkdtempSync(join(tmpdir(), "klaxon-report-bench-"));
  const store = openSqliteStore(join(dir, "klaxon.db"), () => new Date(NOW));
  try {
    const started = performance.now();
    for (let i = 0; i < o.episodes; i++) {
      const opened = NOW - Math.floor(((i + 0.5) / o.episodes) * o.days * DAY_MS);
      const name = `alarm-${i % o.alarms}`;
      const alarm = makeAlarm({
        name,
        arn: `arn:aws:cloudwatch:us-east-2:123456789012:alarm:${name}`,
        time: new Date(opened).toISOString(),
      });
      const closed = new Date(opened + ((i * 7919) % 3600) * 1000).toISOString();
      const episode: Episode = {
        id: `bench-${i}`,
        alarmKey: `bench-${i}`,
        alarm,
        route: {
          channel: `#r${i % o.routes}`,
          routeName: `route-${i % o.routes}`,
          ...(i % 3 === 0 && { runbook: "rb" }),
        },
        status: "resolved",
        openedAt: alarm.time,
        closedAt: closed,
        alarmCount: 1,
        transitions: [
          { state: "ALARM", time: alarm.time },
          { state: "OK", time: closed },
        ],
        ...(i % 2 === 0 && { acknowledgedAt: new Date(opened + ((i * 31) % 900) * 1000).toISOString() }),
        ...(i % 97 === 0 && { flapping: true }),
      };
      await store.ingest({ messageId: `m-${i}`, alarm, receivedAt: alarm.time }, () => ({
        episode,
        effects: [],
      }));
    }
    const loadS = (performance.now() - started) / 1000;
    const time = async (days: number): Promise<number> => {
      const t = performance.now();
      await runHygieneReport(store, new Date(NOW), days);
      return performance.now() - t;
    };
    await time(7);
    return [
      row(`report: ${o.episodes} episodes written (setup)`, loadS, "s"),
      row("report: /klaxon report 7d on a year of history", await time(7), "ms", 1000),
      row("report: /klaxon report 30d on a year of history", await time(30), "ms", 1000),
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
