import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSlackRequest } from "../../src/playground/slack-emulator/sign-slack-request.js";
import { MAX_SLACK_BODY_BYTES } from "../../src/slack/slack-request-guard.js";
import { type Harness, SIGNING_SECRET, startHarness, waitFor } from "../support/harness.js";

/** A `/klaxon help` slash command body as Slack sends it. */
function commandBody(responseUrl: string, text = "help"): string {
  return new URLSearchParams({
    token: "emulator-verification-token",
    team_id: "T0EMULATOR",
    team_domain: "klaxon-playground",
    channel_id: "C0FORGERY",
    channel_name: "forgery",
    user_id: "U0ATTACKER",
    user_name: "mallory",
    command: "/klaxon",
    text,
    api_app_id: "A0KLAXON",
    response_url: responseUrl,
    trigger_id: "1.2.3",
  }).toString();
}

interface Forgery {
  readonly name: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

async function commandsHandled(h: Harness): Promise<number> {
  const metric = await h.bot.metrics.slashCommands.get();
  return metric.values.reduce((n, v) => n + v.value, 0);
}

describe("reliability: forged and replayed Slack requests", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("refuses every forged, replayed or tampered request to /slack/events and never runs the listener", async () => {
    const body = commandBody(`${h.slack.url}/response/forged`);
    const now = Math.floor(Date.now() / 1000);
    const signed = (ts: number, b = body, secret = SIGNING_SECRET) => ({
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(secret, ts, b),
    });
    const forgeries: Forgery[] = [
      { name: "no signature headers", body, headers: {} },
      { name: "timestamp only", body, headers: { "x-slack-request-timestamp": String(now) } },
      {
        name: "random signature",
        body,
        headers: { "x-slack-request-timestamp": String(now), "x-slack-signature": `v0=${"ab".repeat(32)}` },
      },
      { name: "signed with another secret", body, headers: signed(now, body, "not-the-signing-secret") },
      { name: "replayed: timestamp 301 s old", body, headers: signed(now - 301) },
      { name: "replayed: timestamp 1 h old", body, headers: signed(now - 3600) },
      { name: "body tampered after signing", body: body.replace("help", "status"), headers: signed(now) },
      { name: "one byte appended", body: `${body}&`, headers: signed(now) },
      { name: "one byte dropped", body: body.slice(0, -1), headers: signed(now) },
      {
        name: "v1 scheme",
        body,
        headers: {
          ...signed(now),
          "x-slack-signature": signed(now)["x-slack-signature"].replace("v0=", "v1="),
        },
      },
      {
        name: "signature for another timestamp",
        body,
        headers: { ...signed(now - 10), "x-slack-request-timestamp": String(now) },
      },
      {
        name: "non-numeric timestamp",
        body,
        headers: { ...signed(now), "x-slack-request-timestamp": "now" },
      },
      {
        name: "uppercase hex signature",
        body,
        headers: { ...signed(now), "x-slack-signature": signed(now)["x-slack-signature"].toUpperCase() },
      },
      {
        name: "empty signature",
        body,
        headers: { "x-slack-request-timestamp": String(now), "x-slack-signature": "" },
      },
    ];
    const statuses: Record<string, number> = {};
    for (const f of forgeries) {
      const res = await fetch(`${h.bot.url}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...f.headers },
        body: f.body,
      });
      await res.text();
      statuses[f.name] = res.status;
    }
    await new Promise((r) => setTimeout(r, 200));
    const handledAfterForgeries = await commandsHandled(h);
    const accepted = Object.values(statuses).filter((s) => s < 400).length;

    const control = await h.slack.sendSlashCommand({
      command: "/klaxon",
      text: "help",
      channelId: "C0CONTROL",
      userId: "U0HONEST",
    });
    console.log(
      `reliability: forged Slack requests ${forgeries.length}, accepted ${accepted}, listener runs ${handledAfterForgeries}`,
    );
    expect(Object.entries(statuses).filter(([, s]) => s < 400 || s >= 500)).toEqual([]);
    expect(handledAfterForgeries).toBe(0);
    expect(h.slack.responses()).toEqual([]);
    expect(control.status).toBe(200);
    await waitFor(() => h.slack.responses().length === 1, "the honest command's answer");
    expect(await commandsHandled(h)).toBe(1);
  });

  it("refuses correctly signed requests dated more than 5 minutes ahead and bodies over the size cap", async () => {
    const handledBefore = await commandsHandled(h);
    const answersBefore = h.slack.responses().length;
    const body = commandBody(`${h.slack.url}/response/future`);
    const now = Math.floor(Date.now() / 1000);
    const signed = (ts: number, b = body) => ({
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(SIGNING_SECRET, ts, b),
    });
    const padded = `${body}&pad=${"x".repeat(MAX_SLACK_BODY_BYTES)}`;
    const refusals: (Forgery & { readonly expected: number })[] = [
      { name: "signed, 310 s ahead", body, headers: signed(now + 310), expected: 401 },
      { name: "signed, 10 min ahead", body, headers: signed(now + 600), expected: 401 },
      { name: "signed, 1 h ahead", body, headers: signed(now + 3600), expected: 401 },
      { name: "signed, 1 day ahead", body, headers: signed(now + 86_400), expected: 401 },
      { name: "signed, 1 year ahead", body, headers: signed(now + 365 * 86_400), expected: 401 },
      { name: "signed, 1 MiB + padding", body: padded, headers: signed(now, padded), expected: 413 },
    ];
    const statuses: Record<string, number> = {};
    for (const f of refusals) {
      const res = await fetch(`${h.bot.url}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...f.headers },
        body: f.body,
      });
      await res.text();
      statuses[f.name] = res.status;
    }
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${h.bot.url}/slack/events`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...signed(now, padded) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      // No content-length: the size is only known while reading, where Bolt's body limit applies.
      for (let i = 0; i < padded.length; i += 64 * 1024) req.write(padded.slice(i, i + 64 * 1024));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 200));
    const runs = (await commandsHandled(h)) - handledBefore;
    const future = refusals.filter((f) => f.expected === 401);
    const futureRefused = future.filter((f) => statuses[f.name] === 401).length;

    console.log(
      `reliability: future-dated signed Slack requests ${future.length}, refused ${futureRefused}; oversized bodies 2, refused ${[statuses["signed, 1 MiB + padding"], chunked].filter((s) => s === 413).length}; listener runs ${runs}`,
    );
    expect(Object.fromEntries(refusals.map((f) => [f.name, statuses[f.name]]))).toEqual(
      Object.fromEntries(refusals.map((f) => [f.name, f.expected])),
    );
    expect(chunked).toBe(413);
    expect(runs).toBe(0);
    expect(h.slack.responses().length).toBe(answersBefore);
  });
});
