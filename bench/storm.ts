import { startHarness } from "../test/support/harness.js";
import { createPoster } from "./lib/load.js";
import { sleep, spreadConfig } from "./lib/stack.js";
import { type BenchRow, numericArgs, row } from "./lib/stats.js";
import { checkStorm, maxPerChannelPerSecond, unhandled429s } from "./lib/storm-check.js";
import { planStorm } from "./lib/storm-plan.js";

/**
 * Storm sizes. `slackRate` is the emulator's chat.postMessage limit per channel per second (Slack's is about
 * 1); `klaxonPps` is klaxon's own `slack.postsPerSecondPerChannel`; `deadlineS` bounds the wait for Slack to
 * settle so the benchmark always ends.
 */
export const STORM_DEFAULTS = {
  notifications: 5000,
  alarms: 200,
  seconds: 10,
  channels: 8,
  slackRate: 1,
  klaxonPps: 10,
  deadlineS: 150,
  seed: 1,
};

function notOk(statuses: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) if (s !== 200) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts.size === 0
    ? "none"
    : [...counts].map(([s, n]) => `${s === -1 ? "conn error" : s}×${n}`).join(", ");
}

/**
 * An alarm storm through a rate-limited Slack: `notifications` signed SNS deliveries over `alarms` alarms in
 * `seconds`, routed over `channels` channels, with the emulator answering 429 + Retry-After above `slackRate`
 * posts per channel per second. Reports alarms lost, 429s never followed by a successful retry, the busiest
 * channel-second, and how long after the storm Slack showed the final state of every alarm.
 */
export async function runStormBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, STORM_DEFAULTS);
  const plan = planStorm(o.notifications, o.alarms, o.channels, o.seed);
  const defaults = await runStorm(o, plan, spreadConfig(o.channels, undefined, { digests: true }));
  const digestsOff = await runStorm(o, plan, spreadConfig(o.channels, o.klaxonPps));
  const label = "storm, default config (storm digests on, 1 post/s/channel)";
  return [
    ...digestsOff.rows,
    defaults.finalAfterS === undefined
      ? row(`${label}: Slack state NOT final within ${o.deadlineS} s`, defaults.pending, "pending")
      : row(`${label}: Slack state final after storm end`, defaults.finalAfterS, "s"),
    row(`${label}: alarms lost or wrong in Slack`, defaults.lost, "count", 0),
    row(`${label}: alarms shown by a storm digest`, defaults.folded, "count"),
    row(
      `${label}: Slack posts and updates (429s included) per alarm transition`,
      defaults.attempted / plan.transitions,
      "calls",
      2,
    ),
    row(`${label}: Slack calls made`, defaults.calls, "count"),
  ];
}

interface StormRun {
  readonly rows: BenchRow[];
  /** Seconds from the storm's end to Slack's final state; undefined when not final by the deadline. */
  readonly finalAfterS: number | undefined;
  readonly lost: number;
  readonly folded: number;
  readonly attempted: number;
  readonly pending: number;
  readonly calls: number;
}

async function runStorm(
  o: typeof STORM_DEFAULTS,
  plan: ReturnType<typeof planStorm>,
  config: string,
): Promise<StormRun> {
  const h = await startHarness({ config, rateLimit: o.slackRate });
  try {
    const poster = createPoster(`${h.bot.url}/sns`, 64);
    const interval = (o.seconds * 1000) / plan.bodies.length;
    const started = performance.now();
    const answers: Promise<number>[] = [];
    // Ticks of 10 ms: each sends every notification due by then, so the storm keeps its rate on a busy machine.
    while (answers.length < plan.bodies.length) {
      const due = Math.min(plan.bodies.length, Math.floor((performance.now() - started) / interval) + 1);
      while (answers.length < due) answers.push(poster.post(plan.bodies[answers.length] ?? ""));
      await sleep(10);
    }
    const statuses = await Promise.all(answers);
    poster.close();
    const stormEnd = performance.now();
    const stormEndWall = Date.now();
    const sendSeconds = (stormEnd - started) / 1000;
    const deadline = stormEnd + o.deadlineS * 1000;
    while (performance.now() < deadline && (await h.bot.store.pendingOutboxCount()) > 0) await sleep(200);
    const settled = (await h.bot.store.pendingOutboxCount()) === 0;
    const calls = h.slack.calls();
    const okCalls = calls.filter(
      (c) => c.ok && (c.method === "chat.postMessage" || c.method === "chat.update"),
    );
    const attempted = calls.filter((c) => c.method === "chat.postMessage" || c.method === "chat.update");
    const lastOk = Math.max(...okCalls.map((c) => c.at.getTime()));
    const finalAfterS = (lastOk - stormEndWall) / 1000;
    const spanS =
      (Math.max(...calls.map((c) => c.at.getTime())) - (stormEndWall - (stormEnd - started))) / 1000;
    const verdict = checkStorm(h.slack, h.dbPath, plan.finalLabel);
    const r429 = unhandled429s(calls);
    const posts = calls.filter((c) => c.method === "chat.postMessage");
    if (verdict.lostExamples.length > 0)
      process.stderr.write(`storm: lost e.g. ${verdict.lostExamples.join("; ")}\n`);
    const label = `${plan.bodies.length} notifications, ${o.alarms} alarms, ${o.channels} channels`;
    const rows = [
      row(`storm: notifications sent (${label})`, plan.bodies.length, "count"),
      row("storm: send duration", sendSeconds, "s", o.seconds),
      row(
        `storm: SNS answers not 200 (${notOk(statuses)})`,
        statuses.filter((s) => s !== 200).length,
        "count",
        0,
      ),
      row("storm: episodes (Slack threads expected)", verdict.episodes, "count"),
      settled
        ? row("storm: alarms lost or wrong in Slack", verdict.lost, "count", 0)
        : row(
            `storm: alarms not yet right in Slack at the ${o.deadlineS} s deadline`,
            verdict.lost,
            "count",
            0,
          ),
      row("storm: outbox rows still pending at deadline", verdict.outboxPending, "count", 0),
      row("storm: 429s from Slack (total)", r429.total, "count"),
      row(
        settled
          ? "storm: 429s not followed by a successful retry"
          : "storm: 429s not yet followed by a successful retry (rows still pending)",
        r429.unhandled,
        "count",
        0,
      ),
      row(
        "storm: accepted posts per channel per second (max)",
        maxPerChannelPerSecond(posts.filter((c) => c.ok)),
        "posts/s",
        o.slackRate,
      ),
      row(
        "storm: attempted posts per channel per second (max)",
        maxPerChannelPerSecond(posts),
        "posts/s",
        o.slackRate,
      ),
      row("storm: Slack calls made", calls.length, "count"),
      row("storm: Slack calls per second (mean, storm start → last call)", calls.length / spanS, "calls/s"),
      settled
        ? row("storm: Slack state final after storm end", finalAfterS, "s")
        : row(`storm: Slack state NOT final within ${o.deadlineS} s`, verdict.outboxPending, "pending"),
      row(
        `storm: Slack posts and updates (429s included) per alarm transition (${plan.transitions} transitions)`,
        attempted.length / plan.transitions,
        "calls",
        2,
      ),
    ];
    return {
      rows,
      finalAfterS: settled ? finalAfterS : undefined,
      lost: verdict.lost,
      folded: verdict.folded,
      attempted: attempted.length,
      pending: verdict.outboxPending,
      calls: calls.length,
    };
  } finally {
    await h.close();
  }
}
