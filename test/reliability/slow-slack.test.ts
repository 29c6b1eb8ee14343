import { afterEach, describe, expect, it } from "vitest";
import { type Harness, latencyAlarm, startHarness, TOPIC_ARN, waitFor } from "../support/harness.js";
import { scaled, spreadConfig } from "./reliability-helpers.js";

/**
 * Slack stores every alarm's first post but answers only after 15 s, while klaxon's Slack client gives up after
 * 1 s: every first post ends with an unknown outcome. The outbox delivers one item at a time, so the run takes
 * about one client time-out per alarm; the full scale sends more alarms, not longer delays.
 */
const ALARMS = scaled(8, 40);
const CLIENT_TIMEOUT_MS = 1_000;
const SLACK_DELAY_MS = 15_000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("reliability: slow Slack", () => {
  it(`posts each of ${ALARMS} alarms once when Slack stores the posts but answers after the client's time-out`, async () => {
    h = await startHarness({
      config: spreadConfig(TOPIC_ARN, "slow"),
      overrides: { slackTimeoutMs: CLIENT_TIMEOUT_MS },
    });
    const harness = h;
    harness.slack.failNext("chat.postMessage", { answer: "late", delayMs: SLACK_DELAY_MS, count: ALARMS });
    const started = Date.now();

    const answers: number[] = [];
    for (let i = 0; i < ALARMS; i++) {
      const time = new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString();
      answers.push((await harness.notify(latencyAlarm("ALARM", time, `slow-${i}-c${i % 10}`))).status);
    }
    await waitFor(
      async () => (await harness.bot.store.pendingOutboxCount()) === 0,
      "the outbox to drain",
      ALARMS * (CLIENT_TIMEOUT_MS + 1_500) + 15_000,
    );
    const drainedS = (Date.now() - started) / 1000;

    const topLevel = harness.slack
      .channels()
      .filter((c) => c.name.startsWith("slow-"))
      .flatMap((c) => harness.slack.messages(c.id));
    const perAlarm = new Map<string, number>();
    for (const m of topLevel) {
      const name = /slow-\d+-c\d/.exec(m.text)?.[0] ?? "?";
      perAlarm.set(name, (perAlarm.get(name) ?? 0) + 1);
    }
    const duplicates = [...perAlarm.values()].filter((n) => n > 1).length;
    const lost = ALARMS - perAlarm.size;
    const unanswered = (await harness.bot.metrics.slackCalls.get()).values
      .filter((v) => v.labels.result === "unknown")
      .reduce((sum, v) => sum + v.value, 0);
    const searches = harness.slack.callsTo("conversations.history").length;
    console.log(
      `reliability: slow Slack (posts stored, answered after ${SLACK_DELAY_MS / 1000} s, client time-out ${CLIENT_TIMEOUT_MS / 1000} s), ` +
        `alarms sent ${ALARMS}, unanswered posts ${unanswered}, history searches ${searches}, ` +
        `top-level messages ${topLevel.length}, duplicates ${duplicates}, lost ${lost}, drained in ${drainedS.toFixed(1)} s`,
    );
    expect(answers.every((s) => s === 200)).toBe(true);
    expect(unanswered).toBeGreaterThanOrEqual(ALARMS);
    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    expect(topLevel).toHaveLength(ALARMS);
  }, 120_000);
});
