import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/shared/clock.js";
import { type Harness, latencyAlarm, startHarness, TOPIC_ARN, waitFor } from "../support/harness.js";
import { scaled, spreadConfig } from "./reliability-helpers.js";

/**
 * Simulated time: klaxon runs on a clock `SPEED` times faster than real time, so a 60 s Slack outage (and the
 * outbox's backoff and Retry-After waits, which are measured on that clock) passes in 60/SPEED real seconds.
 * The outbox caps its backoff at 5 minutes (simulated), so the drain wait allows that plus a margin. The full
 * scale sends more alarms through the same outage rather than slowing the clock.
 */
const SPEED = 40;
const OUTAGE_SIM_S = 60;
const ALARMS = scaled(60, 300);

function fastClock(speed: number): Clock {
  const t0 = Date.now();
  return () => new Date(t0 + (Date.now() - t0) * speed);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("reliability: Slack outage, then a crash and restart", () => {
  it(`loses no alarm through ${OUTAGE_SIM_S} s (simulated) of 429/503 from Slack, a kill without drain and a restart`, async () => {
    h = await startHarness({
      config: spreadConfig(TOPIC_ARN, "outage"),
      overrides: { clock: fastClock(SPEED) },
    });
    const harness = h;
    const realOutageMs = (OUTAGE_SIM_S * 1000) / SPEED;
    // Slack stays down until told otherwise: 429 + Retry-After for the first half, 503 for the rest.
    const DOWN = 3_600_000;
    harness.slack.failFor(DOWN, { status: 429, retryAfter: 2 });
    const answers: number[] = [];
    const started = Date.now();
    for (let i = 0; i < ALARMS; i++) {
      // One alarm per simulated second, as SNS would deliver them during the outage.
      if (i === Math.floor(ALARMS / 2)) harness.slack.failFor(DOWN, { status: 503 });
      const time = new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString();
      answers.push((await harness.notify(latencyAlarm("ALARM", time, `outage-${i}-c${i % 10}`))).status);
      await sleep(Math.max(0, started + ((i + 1) * realOutageMs) / ALARMS - Date.now()));
    }
    const calls = harness.slack.callsTo("chat.postMessage");
    const failedDuringOutage = calls.filter((c) => !c.ok).length;
    const okDuringOutage = calls.filter((c) => c.ok).length;
    const pendingAtCrash = await harness.bot.store.pendingOutboxCount();
    await harness.restart({ drain: false });
    await sleep(realOutageMs / 10);
    const outageSimS = ((Date.now() - started) * SPEED) / 1000;
    harness.slack.failFor(0, { status: 503 });
    const recoveredAt = Date.now();
    const maxBackoffMs = 330_000 / SPEED;
    await waitFor(
      async () => (await harness.bot.store.pendingOutboxCount()) === 0,
      "the outbox to drain after restart",
      maxBackoffMs + 10_000,
    );
    const lastPost = Math.max(...harness.slack.callsTo("chat.postMessage").map((c) => c.at.getTime()));
    const catchUpSimS = ((lastPost - recoveredAt) * SPEED) / 1000;
    const posted = harness.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.ok && c.args.thread_ts === undefined);
    const perAlarm = new Map<string, number>();
    for (const p of posted) {
      const name = /outage-\d+/.exec(String(p.args.text))?.[0] ?? "?";
      perAlarm.set(name, (perAlarm.get(name) ?? 0) + 1);
    }
    const lost = ALARMS - perAlarm.size;
    const duplicated = [...perAlarm.values()].filter((n) => n > 1).length;
    console.log(
      `reliability: Slack outage ${outageSimS.toFixed(0)} s simulated (×${SPEED}), alarms ${ALARMS}, SNS non-200 ${answers.filter((s) => s !== 200).length}, ` +
        `failed Slack calls ${failedDuringOutage}, pending at crash ${pendingAtCrash}, ` +
        `all posted ${catchUpSimS.toFixed(0)} s (simulated) after Slack recovered, lost ${lost}, duplicated ${duplicated}`,
    );
    expect(outageSimS).toBeGreaterThanOrEqual(OUTAGE_SIM_S);
    expect(answers.every((s) => s === 200)).toBe(true);
    expect(okDuringOutage).toBe(0);
    expect(failedDuringOutage).toBeGreaterThan(0);
    expect(pendingAtCrash).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(posted).toHaveLength(ALARMS);
  }, 60_000);
});
