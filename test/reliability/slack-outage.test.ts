import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/shared/clock.js";
import { type Harness, latencyAlarm, startHarness, TOPIC_ARN, waitFor } from "../e2e/harness.js";
import { scaled, spreadConfig } from "./reliability-helpers.js";

/**
 * Simulated time: klaxon runs on a clock `SPEED` times faster than real time, so a 60 s Slack outage (and the
 * outbox's backoff and Retry-After waits, which are measured on that clock) passes in 60/SPEED real seconds.
 * The emulator's outage window is set in real milliseconds to match.
 */
const SPEED = scaled(40, 5);
const OUTAGE_SIM_S = 60;
const ALARMS = 60;

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
      if (i === ALARMS / 2) harness.slack.failFor(DOWN, { status: 503 });
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
    await waitFor(
      async () => (await harness.bot.store.pendingOutboxCount()) === 0,
      "the outbox to drain after restart",
      20_000,
    );
    const posted = harness.slack.callsTo("chat.postMessage").filter((c) => c.ok);
    const perAlarm = new Map<string, number>();
    for (const p of posted) {
      const name = /outage-\d+/.exec(String(p.args.text))?.[0] ?? "?";
      perAlarm.set(name, (perAlarm.get(name) ?? 0) + 1);
    }
    const lost = ALARMS - perAlarm.size;
    const duplicated = [...perAlarm.values()].filter((n) => n > 1).length;
    console.log(
      `reliability: Slack outage ${outageSimS.toFixed(0)} s simulated (×${SPEED}), alarms ${ALARMS}, SNS non-200 ${answers.filter((s) => s !== 200).length}, ` +
        `failed Slack calls ${failedDuringOutage}, pending at crash ${pendingAtCrash}, lost ${lost}, duplicated ${duplicated}`,
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
