import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_CONFIG, type Harness, latencyAlarm, startHarness, waitFor } from "../support/harness.js";

/** Raw sequences that would ping, link or leak if Slack received them as written. */
const BROADCASTS = ["<!channel>", "<!here>", "<!everyone>", "<!subteam^S0ONCALL>", "<@U0CEO>", "<#C0SECRET>"];
const LINKS = [
  "<http://evil.example/login|Open in CloudWatch>",
  "<https://evil.example|https://console.aws.amazon.com>",
];
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SECRETS = [
  "AKIAIOSFODNN7EXAMPLE",
  "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
  "-----BEGIN RSA PRIVATE KEY-----",
];

/** An alarm outside every route (no mention of ours), carrying `text` in its description and reason. */
function hostileAlarm(i: number, text: string) {
  const base = latencyAlarm("ALARM", "2026-11-20T10:00:00.000Z", `inject-${i}`);
  return {
    ...base,
    AlarmDescription: `Latency high ${text} see runbook`,
    NewStateReason: `Threshold Crossed: ${text} (aws_secret_access_key=${SECRET_KEY})`,
    Trigger: { ...base.Trigger, Namespace: "Custom/Injection" },
  };
}

describe("reliability: mrkdwn injection and secrets in alarm text", () => {
  let h: Harness;
  beforeAll(async () => {
    // Every hostile alarm must get its own message here, so the storm digest (10 a minute by default) stays off.
    h = await startHarness({
      config: `${BASE_CONFIG}incidents:\n  storm: { maxNewEpisodesPerMinute: 100 }\n`,
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it("posts no broadcast, mention, spoofed link or secret raw, in text or blocks", async () => {
    const corpus = [...BROADCASTS, ...LINKS, ...SECRETS, `${BROADCASTS.join(" ")} ${LINKS.join(" ")}`];
    for (const [i, text] of corpus.entries()) {
      expect((await h.notify(hostileAlarm(i, text))).status).toBe(200);
    }
    await waitFor(
      () => h.slack.callsTo("chat.postMessage").filter((c) => c.ok).length === corpus.length,
      "every alarm post",
      15_000,
    );
    const [alerts] = h.slack.channels().filter((c) => c.name === "alerts");
    const stored = h.slack
      .messages(alerts?.id ?? "")
      .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`);
    const sent = h.slack
      .calls()
      .filter((c) => c.method.startsWith("chat."))
      .map((c) => JSON.stringify(c.args));
    // A bare 40-character secret key is indistinguishable from other base64; klaxon redacts it when keyed.
    const raw = [...BROADCASTS, ...LINKS, ...SECRETS, SECRET_KEY].filter((needle) =>
      [...stored, ...sent].some(
        (payload) => payload.includes(needle) || payload.includes(JSON.stringify(needle).slice(1, -1)),
      ),
    );
    console.log(
      `reliability: injection alarms ${corpus.length}, posted ${stored.length}, raw sequences or secrets posted ${raw.length}`,
    );
    expect(stored).toHaveLength(corpus.length);
    expect(stored.every((s) => s.includes("inject-"))).toBe(true);
    expect(raw).toEqual([]);
  });
});
