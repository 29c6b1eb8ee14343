import { afterEach, describe, expect, it } from "vitest";
import { BASE_CONFIG, type Harness, latencyAlarm, startHarness, waitFor } from "../support/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const T0 = Date.parse("2026-11-20T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function channelId(harness: Harness, name: string): string {
  const id = harness.slack.channels().find((c) => c.name === name)?.id;
  if (!id) throw new Error(`no channel ${name}`);
  return id;
}

const drained = (harness: Harness) => async () => (await harness.bot.store.pendingOutboxCount()) === 0;

describe("alarm storms, flapping and escalation end to end", () => {
  it("posts 10 roots and one digest for 30 alarms at once, loses none, and updates the digest on OK", async () => {
    h = await startHarness();
    const harness = h;
    const names = Array.from({ length: 30 }, (_, i) => `storm-${String(i).padStart(2, "0")}`);
    for (const name of names)
      expect((await harness.notify(latencyAlarm("ALARM", at(0), name))).status).toBe(200);
    await waitFor(drained(harness), "the outbox to drain", 15_000);

    const top = harness.slack.messages(channelId(harness, "inc-web"));
    const digest = top.find((m) => m.text.includes("Alarm storm"));
    expect(top).toHaveLength(11);
    expect(digest?.text).toContain("20 alarms");
    const everything = JSON.stringify(top);
    for (const name of names) expect(everything).toContain(name);
    const digestText = JSON.stringify(digest?.blocks);
    expect(names.filter((n) => digestText.includes(n))).toHaveLength(20);

    for (const name of names) await harness.notify(latencyAlarm("OK", at(120), name));
    await waitFor(drained(harness), "the OKs to drain", 15_000);
    const after = harness.slack.messages(channelId(harness, "inc-web"));
    const updated = after.find((m) => m.ts === digest?.ts);
    expect(after).toHaveLength(11);
    expect(JSON.stringify(updated?.blocks)).toContain("*20* resolved");
    expect(harness.slack.thread(channelId(harness, "inc-web"), digest?.ts ?? "")).toHaveLength(1);
  }, 30_000);

  it("keeps a flapping alarm in one message with one flapping summary in its thread", async () => {
    h = await startHarness();
    const harness = h;
    for (let i = 0; i < 5; i++) {
      await harness.notify(latencyAlarm("ALARM", at(i * 60), "flappy"));
      await harness.notify(latencyAlarm("OK", at(i * 60 + 30), "flappy"));
    }
    await waitFor(drained(harness), "the outbox to drain", 15_000);
    const channel = channelId(harness, "inc-web");
    const top = harness.slack.messages(channel);
    expect(top).toHaveLength(1);
    const replies = harness.slack.thread(channel, top[0]?.ts ?? "").filter((m) => m.ts !== top[0]?.ts);
    const summaries = replies.filter((r) => r.text.includes("Flapping"));
    expect(summaries).toHaveLength(1);
    expect(JSON.stringify(summaries[0]?.blocks)).toContain("Tuning suggestions");
    expect(JSON.stringify(top[0]?.blocks)).toContain("flapping");
    expect(replies.at(-1)?.ts).toBe(summaries[0]?.ts);
  }, 30_000);

  it("mentions the on-call group once when an episode stays unacknowledged past the threshold", async () => {
    let now = new Date();
    const opened = now.toISOString();
    const config = BASE_CONFIG.replace(
      "    severity: high\n",
      '    severity: high\n    escalateTo: "subteam:S0ONCALL"\nincidents:\n  escalation: { afterMinutes: 15 }\n',
    );
    h = await startHarness({ config, overrides: { clock: () => now, escalationSweepMs: 20 } });
    const harness = h;
    await harness.notify(latencyAlarm("ALARM", opened, "slow-burn"));
    await waitFor(drained(harness), "the alarm post");
    const channel = channelId(harness, "inc-web");
    const root = harness.slack.messages(channel)[0];
    const escalations = () =>
      harness.slack.thread(channel, root?.ts ?? "").filter((m) => m.text.includes("<!subteam^S0ONCALL>"));
    now = new Date(Date.parse(opened) + 14 * 60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(escalations()).toHaveLength(0);
    now = new Date(Date.parse(opened) + 16 * 60_000);
    await waitFor(() => escalations().length === 1, "the escalation reply");
    now = new Date(Date.parse(opened) + 40 * 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0]?.text).toContain("Unacknowledged for 16 min");
  }, 30_000);
});
