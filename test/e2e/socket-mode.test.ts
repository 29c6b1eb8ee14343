import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { prepareForStart } from "../../src/config/prepare-config.js";
import { type RunningKlaxon, startKlaxon } from "../../src/main.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../src/playground/slack-emulator/slack-emulator.js";
import { silentLogger } from "../../src/shared/logger.js";
import { type FakeSnsServer, startFakeSnsServer } from "../fakes/fake-sns-server.js";
import { type FakeSocketModeServer, startFakeSocketModeServer } from "../fakes/fake-socket-mode-server.js";
import { buildSignedNotification } from "../fakes/sns-signer.js";
import { BASE_CONFIG, latencyAlarm, SIGNING_SECRET, TOPIC_ARN, waitFor } from "../support/harness.js";

const APP_TOKEN = "xapp-1-A0KLAXON-1234567890-0123456789abcdef";

let slack: SlackEmulator;
let gateway: FakeSocketModeServer;
let sns: FakeSnsServer;
let bot: RunningKlaxon;
let dir: string;

beforeAll(async () => {
  slack = await startSlackEmulator({ signingSecret: SIGNING_SECRET });
  gateway = await startFakeSocketModeServer({ appToken: APP_TOKEN, upstreamApiUrl: slack.apiUrl });
  slack.setBotEndpoint(gateway.bridgeUrl);
  sns = await startFakeSnsServer();
  dir = mkdtempSync(join(tmpdir(), "klaxon-socket-"));
  writeFileSync(join(dir, "klaxon.yaml"), BASE_CONFIG);
  const config = loadConfig(
    {
      PORT: "0",
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: gateway.apiUrl,
      KLAXON_CONFIG: join(dir, "klaxon.yaml"),
      KLAXON_DB: join(dir, "data", "klaxon.db"),
      KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
      KLAXON_LOG_LEVEL: "silent",
    },
    dir,
  );
  expect(config.mode).toBe("socket");
  bot = await startKlaxon(prepareForStart(config), {
    logger: silentLogger(),
    host: "127.0.0.1",
    regionProvider: async () => "us-east-1",
    fetchCert: async () => (await fetch(sns.certUrl)).text(),
    aws: {
      sns: { endpoint: sns.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } },
    },
  });
});

afterAll(async () => {
  await bot?.stop(2_000);
  // Bolt's stop() resolves before the close handshake ends; closing the gateway first would log a socket error.
  if (gateway) await waitFor(() => gateway.connectedClients() === 0, "the Socket Mode client to disconnect");
  await gateway?.close();
  await slack?.close();
  await sns?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("klaxon in Socket Mode (SLACK_APP_TOKEN)", () => {
  it("opens its connection with the app token at SLACK_API_URL, not at slack.com", () => {
    expect(gateway.connectionOpens()).toEqual([APP_TOKEN]);
    expect(gateway.connectedClients()).toBe(1);
  });

  it("acks a /klaxon status envelope by its envelope_id and answers through the emulator's response_url", async () => {
    const answer = await slack.sendSlashCommand({
      command: "/klaxon",
      text: "status",
      channelId: "ops",
      userId: "U0ONCALL",
    });

    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeLessThan(3_000);
    const [envelope] = gateway.envelopes();
    expect(envelope?.type).toBe("slash_commands");
    expect(envelope?.payload).toMatchObject({
      command: "/klaxon",
      text: "status",
      response_url: expect.stringContaining(`/response/${answer.responseId}`),
    });
    expect(gateway.acks().map((a) => a.envelope_id)).toEqual([envelope?.envelope_id]);
    await waitFor(() => slack.responses(answer.responseId).length === 1, "the status answer");
    const [response] = slack.responses(answer.responseId);
    expect(response).toMatchObject({ source: "response_url", response_type: "ephemeral", user: "U0ONCALL" });
    expect(response?.text).toContain("*klaxon status* (socket mode)");
  });

  it("serves /healthz and /readyz on its HTTP port and does not mount /slack/events", async () => {
    const health = await fetch(`${bot.url}/healthz`);
    const ready = await fetch(`${bot.url}/readyz`);
    const events = await fetch(`${bot.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "command=%2Fklaxon&text=status",
    });

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(events.status).toBe(404);
  });

  it("takes alarms on /sns and posts them to Slack through SLACK_API_URL", async () => {
    const message = buildSignedNotification({
      topicArn: TOPIC_ARN,
      message: latencyAlarm("ALARM", "2026-11-20T10:00:00.000Z"),
    });

    const res = await fetch(`${bot.url}/sns`, {
      method: "POST",
      headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" },
      body: JSON.stringify(message),
    });

    expect(res.status).toBe(200);
    await waitFor(() => slack.callsTo("chat.postMessage").some((c) => c.ok), "the alarm post");
    const [channel] = slack.channels().filter((c) => c.name === "inc-web");
    expect(slack.messages(channel?.id ?? "").map((m) => m.text)).toEqual([
      expect.stringContaining("axonflow-high-latency"),
    ]);
  });
  it("publishes the App Home on an app_home_opened events_api envelope", async () => {
    const ack = await gateway.send("events_api", {
      type: "event_callback",
      team_id: "T0EMULATOR",
      api_app_id: "A0KLAXON",
      event_id: "Ev0HOME",
      event_time: 1_763_600_000,
      event: {
        type: "app_home_opened",
        user: "U0HOME",
        channel: "D0HOME",
        tab: "home",
        event_ts: "1763600000.000100",
      },
    });

    expect(ack.envelope_id).toBeDefined();
    await waitFor(() => slack.homeView("U0HOME") !== undefined, "the published Home tab");
    expect(JSON.stringify(slack.homeView("U0HOME")?.blocks)).toContain("klaxon: what is on fire now");
  });
});
