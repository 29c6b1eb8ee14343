import { afterEach, describe, expect, it } from "vitest";
import type { AnswerFault } from "../../src/playground/slack-emulator/fault-injector.js";
import { type Harness, latencyAlarm, startHarness, TOPIC_ARN, waitFor } from "../support/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ALARMS = ["slow-a", "slow-b", "slow-c"];
const T0 = "2026-11-20T10:00:00.000Z";
const T2 = "2026-11-20T10:17:00.000Z";
// Every alarm to one channel, so the search has other alarms' messages to skip.
const CONFIG = `
slack:
  defaultChannel: "#alerts"
  postsPerSecondPerChannel: 10
  metricGraphs: false
sns:
  topicArns: ["${TOPIC_ARN}"]
routes:
  - match: { alarmName: "slow-*" }
    channel: "#inc-slow"
`;

/**
 * Slack stores each alarm's first post but its answer never reaches klaxon in time (the client gives up after
 * 1 s; the fake answers after 15 s) or the connection is reset: each alarm must still show exactly one
 * top-level message, which later updates and the OK reply use.
 */
async function alarmsThroughUncertainPosts(fault: AnswerFault): Promise<void> {
  h = await startHarness({ config: CONFIG, overrides: { slackTimeoutMs: 1_000 } });
  const harness = h;
  harness.slack.failNext("chat.postMessage", { ...fault, count: ALARMS.length });

  for (const name of ALARMS) expect((await harness.notify(latencyAlarm("ALARM", T0, name))).status).toBe(200);
  await waitFor(
    async () => (await harness.bot.store.pendingOutboxCount()) === 0,
    "the outbox to drain after the unanswered posts",
    20_000,
  );
  for (const name of ALARMS) expect((await harness.notify(latencyAlarm("OK", T2, name))).status).toBe(200);
  await waitFor(
    async () => (await harness.bot.store.pendingOutboxCount()) === 0,
    "the OK updates and replies",
    20_000,
  );

  const channel = harness.slack.channels().find((c) => c.name === "inc-slow")?.id ?? "";
  const top = harness.slack.messages(channel);
  for (const name of ALARMS) {
    const mine = top.filter((m) => m.text.includes(name));
    expect(mine, `top-level messages of ${name}`).toHaveLength(1);
    expect(JSON.stringify(mine[0]?.blocks)).toMatch(/OK|resolved/i);
    const replies = harness.slack.thread(channel, mine[0]?.ts ?? "").filter((m) => m.ts !== mine[0]?.ts);
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining("Back to OK after 17 min")]);
  }
  expect(top).toHaveLength(ALARMS.length);
  expect(harness.slack.callsTo("conversations.history").length).toBeGreaterThan(0);
}

describe("a slow or dropped Slack answer does not double an alarm", () => {
  it("posts each alarm once when Slack stores the post but answers only after 15 s", async () => {
    await alarmsThroughUncertainPosts({ answer: "late", delayMs: 15_000 });
  }, 40_000);

  it("posts each alarm once when Slack stores the post and then resets the connection", async () => {
    await alarmsThroughUncertainPosts({ answer: "reset" });
  }, 40_000);
});
