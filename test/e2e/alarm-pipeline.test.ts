import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { buildSignedNotification, buildSignedSubscriptionConfirmation } from "../fakes/sns-signer.js";
import {
  BASE_CONFIG,
  type Harness,
  latencyAlarm,
  startHarness,
  TOPIC_ARN,
  waitFor,
} from "../support/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const T0 = "2026-11-20T10:00:00.000Z";
const T1 = "2026-11-20T10:05:00.000Z";
const T2 = "2026-11-20T10:17:00.000Z";

describe("alarm pipeline end to end (SNS → verify → route → outbox → Slack)", () => {
  it("posts one message per episode, updates it in place on repeats and OK, and replies in its thread", async () => {
    h = await startHarness();
    const slack = h.slack;

    expect((await h.notify(latencyAlarm("ALARM", T0))).status).toBe(200);
    await waitFor(() => slack.callsTo("chat.postMessage").length === 1, "the alarm post");
    expect((await h.notify(latencyAlarm("ALARM", T1))).status).toBe(200);
    await waitFor(() => slack.callsTo("chat.update").length === 1, "the repeat update");
    expect((await h.notify(latencyAlarm("OK", T2))).status).toBe(200);
    await waitFor(() => slack.callsTo("chat.postMessage").length === 2, "the OK thread reply");
    await waitFor(() => slack.callsTo("chat.update").length === 2, "the OK update");

    const [channel] = slack.channels().filter((c) => c.name === "inc-web");
    const top = slack.messages(channel?.id ?? "");
    expect(top).toHaveLength(1);
    const root = top[0];
    expect(root?.text).toContain("axonflow-high-latency");
    expect(JSON.stringify(root?.blocks)).toMatch(/OK|resolved/i);
    const replies = slack.thread(channel?.id ?? "", root?.ts ?? "").filter((m) => m.ts !== root?.ts);
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining("Back to OK after 17 min")]);
  });

  it("mentions the route's audience on the first post and links the CloudWatch console page of the alarm", async () => {
    h = await startHarness();
    await h.notify(latencyAlarm("ALARM", T0));
    await waitFor(() => h?.slack.callsTo("chat.postMessage").length === 1, "the alarm post");
    const post = JSON.stringify(h.slack.callsTo("chat.postMessage")[0]?.args);
    expect(post).toContain("<!here>");
    expect(post).toContain(
      "https://us-east-2.console.aws.amazon.com/cloudwatch/home?region=us-east-2#alarmsV2:alarm/axonflow-high-latency",
    );
  });

  it("posts once for three redeliveries of the same SNS message", async () => {
    h = await startHarness();
    const message = buildSignedNotification({
      topicArn: TOPIC_ARN,
      message: latencyAlarm("ALARM", T0),
      messageId: "redelivered-1",
    });
    const answers = await Promise.all([h.postSns(message), h.postSns(message), h.postSns(message)]);
    await h.postSns(message);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await waitFor(() => h?.slack.callsTo("chat.postMessage").length === 1, "the alarm post");
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("loses nothing through a 429 storm: every alarm is posted once Slack recovers, honouring Retry-After", async () => {
    h = await startHarness();
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 1, count: 3 });
    for (let i = 0; i < 5; i++) {
      expect((await h.notify(latencyAlarm("ALARM", T0, `storm-${i}`))).status).toBe(200);
    }
    await waitFor(async () => (await h?.bot.store.pendingOutboxCount()) === 0, "the outbox to drain", 15_000);
    const ok = h.slack.callsTo("chat.postMessage").filter((c) => c.ok);
    expect(new Set(ok.map((c) => JSON.stringify(c.args).match(/storm-\d/)?.[0]))).toEqual(
      new Set(["storm-0", "storm-1", "storm-2", "storm-3", "storm-4"]),
    );
    expect(h.slack.callsTo("chat.postMessage").filter((c) => c.status === 429).length).toBe(3);
  });

  it("delivers what was pending in the outbox after a crash and restart", async () => {
    h = await startHarness();
    h.slack.failFor(60_000, { status: 503 });
    expect((await h.notify(latencyAlarm("ALARM", T0))).status).toBe(200);
    await waitFor(() => (h?.slack.callsTo("chat.postMessage").length ?? 0) >= 1, "a failed attempt");
    await h.restart({ drain: false });
    h.slack.failFor(0, { status: 503 });
    await waitFor(
      () => h?.slack.callsTo("chat.postMessage").some((c) => c.ok) === true,
      "the post after restart",
      10_000,
    );
    expect(h.slack.callsTo("chat.postMessage").filter((c) => c.ok)).toHaveLength(1);
  });

  it("rejects forged, tampered, spoofed-certificate and foreign-topic messages with 4xx and no certificate fetch", async () => {
    h = await startHarness();
    const good = buildSignedNotification({ topicArn: TOPIC_ARN, message: latencyAlarm("ALARM", T0) });
    const tampered = { ...good, Message: good.Message.replace("axonflow", "evilflow") };
    const spoofed = buildSignedNotification({
      topicArn: TOPIC_ARN,
      message: latencyAlarm("ALARM", T0),
      certUrl:
        "https://sns.us-east-2.amazonaws.com.evil.example/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
    });
    const foreign = buildSignedNotification({
      topicArn: "arn:aws:sns:us-east-2:999999999999:other",
      message: latencyAlarm("ALARM", T0),
    });
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = buildSignedNotification({
      topicArn: TOPIC_ARN,
      message: latencyAlarm("ALARM", T0),
      privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    });
    const results = [
      await h.postSns(spoofed),
      await h.postSns(foreign),
      await h.postSns("{not json"),
      await h.postSns({ Type: "Notification" }),
    ];
    expect(results.map((r) => r.status).every((s) => s >= 400 && s < 500)).toBe(true);
    expect(h.certFetches()).toBe(0);
    expect((await h.postSns(tampered)).status).toBe(403);
    expect((await h.postSns(forged)).status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("confirms a subscription through the SNS API, never by fetching SubscribeURL", async () => {
    h = await startHarness();
    const confirmation = buildSignedSubscriptionConfirmation({ topicArn: TOPIC_ARN, token: "tok-123" });
    const answer = await h.postSns(confirmation);
    expect(answer.status).toBe(200);
    expect(h.sns.confirmations()).toEqual([{ topicArn: TOPIC_ARN, token: "tok-123" }]);
    expect(h.sns.requests().some((r) => r.path.includes("Action=ConfirmSubscription"))).toBe(false);
  });
});

describe("direct EventBridge delivery to POST /sns", () => {
  const KEY = "0123456789abcdef-eventbridge-secret";
  const event = JSON.parse(
    readFileSync(
      new URL(
        "../fixtures/alarms/eventbridge-cw-alarm-state-change-single-metric-awsdocs.json",
        import.meta.url,
      ),
      "utf8",
    ),
  ) as Record<string, unknown>;
  const post = (hh: Harness, headers: Record<string, string>) =>
    fetch(`${hh.bot.url}/sns`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(event),
    });

  it("accepts an event with the shared secret once, and refuses it without or with a wrong secret", async () => {
    h = await startHarness({ config: `${BASE_CONFIG}\neventbridge:\n  apiKey: ${KEY}\n` });
    expect((await post(h, {})).status).toBe(403);
    expect((await post(h, { "x-klaxon-api-key": "wrong-wrong-wrong-wrong" })).status).toBe(403);
    expect((await post(h, { "x-klaxon-api-key": KEY })).status).toBe(200);
    expect((await post(h, { "x-klaxon-api-key": KEY })).status).toBe(200);
    await waitFor(() => h?.slack.callsTo("chat.postMessage").length === 1, "the alarm post");
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(JSON.stringify(h.slack.callsTo("chat.postMessage")[0]?.args)).toContain(
      String((event.detail as { alarmName: string }).alarmName),
    );
  });

  it("refuses direct events when no secret is configured, saying how to enable them", async () => {
    h = await startHarness();
    const res = await post(h, { "x-klaxon-api-key": KEY });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("set eventbridge.apiKey");
  });
});
