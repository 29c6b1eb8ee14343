import { afterEach, describe, expect, it } from "vitest";
import { buildSignedNotification } from "../fakes/sns-signer.js";
import { type Harness, latencyAlarm, startHarness, TOPIC_ARN, waitFor } from "../support/harness.js";
import { scaled, spreadConfig } from "./reliability-helpers.js";

const ALARMS = scaled(20, 200);
const COPIES = 5;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("reliability: duplicate SNS deliveries", () => {
  it(`posts exactly once per alarm when each of ${ALARMS} alarms is delivered ${COPIES}× concurrently with the same MessageId`, async () => {
    h = await startHarness({ config: spreadConfig(TOPIC_ARN, "dup") });
    const harness = h;
    const names = Array.from({ length: ALARMS }, (_v, i) => `dup-${i}-c${i % 10}`);
    const messages = names.map((name, i) =>
      buildSignedNotification({
        topicArn: TOPIC_ARN,
        message: latencyAlarm("ALARM", "2026-11-20T10:00:00.000Z", name),
        messageId: `dup-msg-${i}`,
      }),
    );
    const answers = await Promise.all(
      messages.flatMap((m) => Array.from({ length: COPIES }, () => harness.postSns(m))),
    );
    await waitFor(
      async () => (await harness.bot.store.pendingOutboxCount()) === 0,
      "the outbox to drain",
      15_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    const posts = harness.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.ok && c.args.thread_ts === undefined);
    const perAlarm = new Map<string, number>();
    for (const p of posts) {
      const name = /dup-\d+-c\d/.exec(String(p.args.text))?.[0] ?? "?";
      perAlarm.set(name, (perAlarm.get(name) ?? 0) + 1);
    }
    const duplicates = [...perAlarm.values()].filter((n) => n > 1).length;
    console.log(
      `reliability: duplicate deliveries ${answers.length} for ${ALARMS} alarms, posts ${posts.length}, duplicated ${duplicates}`,
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(posts).toHaveLength(ALARMS);
    expect([...perAlarm.keys()].sort()).toEqual([...names].sort());
    expect(harness.slack.callsTo("chat.update")).toEqual([]);
  });
});
