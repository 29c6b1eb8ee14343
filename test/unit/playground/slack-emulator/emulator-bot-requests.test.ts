import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySlackRequest } from "@slack/bolt";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../../src/playground/slack-emulator/slack-emulator.js";

const SECRET = "test-signing-secret";
const NOW = 1_700_000_000_000;

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly fields: URLSearchParams;
}
type BotHandler = (request: Received) => Promise<{ status: number; body: string }>;

let emulator: SlackEmulator;
let client: WebClient;
let receiver: Server;
let received: Received[] = [];
let botHandler: BotHandler = async () => ({ status: 200, body: "" });

/** A minimal bot endpoint that, like Bolt, refuses requests whose v0 signature does not verify. */
function startReceiver(secret: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      try {
        verifySlackRequest({
          signingSecret: secret,
          body: rawBody,
          headers: {
            "x-slack-signature": String(req.headers["x-slack-signature"]),
            "x-slack-request-timestamp": Number(req.headers["x-slack-request-timestamp"]),
          },
          nowMilliseconds: NOW,
        });
      } catch {
        res.writeHead(401).end("invalid signature");
        return;
      }
      const request = { headers: req.headers, rawBody, fields: new URLSearchParams(rawBody) };
      received.push(request);
      void botHandler(request).then(({ status, body }) => {
        res.writeHead(status, { "content-type": body.startsWith("{") ? "application/json" : "text/plain" });
        res.end(body);
      });
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

async function postJson(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.status;
}

const checkboxFixture = JSON.parse(
  readFileSync(
    new URL("../../../fixtures/slack/slack-block-actions-checkboxes-SYNTHETIC.json", import.meta.url),
    "utf8",
  ),
) as Record<string, unknown>;

const option = (value: string) => ({ text: { type: "mrkdwn", text: `*${value}*` }, value });
const incidentBlocks = [
  { type: "section", block_id: "summary", text: { type: "mrkdwn", text: "ALARM cpu-high" } },
  {
    type: "actions",
    block_id: "incident_actions",
    elements: [
      { type: "checkboxes", action_id: "ack_steps", options: [option("paged"), option("statuspage")] },
      { type: "button", action_id: "ack", text: { type: "plain_text", text: "Ack" }, value: "alarm-1" },
    ],
  },
];

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  emulator = await startSlackEmulator({
    signingSecret: SECRET,
    botEndpoint: urlOf(receiver),
    clock: () => new Date(NOW),
  });
  client = new WebClient(emulator.botToken, {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});

beforeEach(() => {
  received = [];
  botHandler = async () => ({ status: 200, body: "" });
});

afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe("Slack emulator acting as Slack towards the bot", () => {
  it("sends a signed slash command whose response_url posts in_channel messages back", async () => {
    // Prepare
    const channel = emulator.createChannel("oncall");
    botHandler = async ({ fields }) => {
      await postJson(fields.get("response_url") ?? "", {
        response_type: "in_channel",
        text: "Query started",
      });
      return { status: 200, body: "" };
    };

    // Act
    const answer = await emulator.sendSlashCommand({
      command: "/trace",
      text: "req-123 15m",
      channelId: channel.id,
      userId: "U0ALICE",
      userName: "alice",
    });

    // Assess
    expect(answer.status).toBe(200);
    const fields = received[0]?.fields;
    expect(received[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(fields ?? [])).toMatchObject({
      command: "/trace",
      text: "req-123 15m",
      channel_id: channel.id,
      channel_name: "oncall",
      user_id: "U0ALICE",
      user_name: "alice",
      team_id: "T0EMULATOR",
      response_url: `${emulator.url}/response/${answer.responseId}`,
      trigger_id: answer.triggerId,
    });
    expect(emulator.messages(channel.id).map((m) => m.text)).toEqual(["Query started"]);
    expect(emulator.responses(answer.responseId)).toMatchObject([
      { source: "response_url", response_type: "in_channel", text: "Query started", user: "U0ALICE" },
    ]);
  });

  it("treats a message in the command's HTTP answer as an ephemeral reply", async () => {
    // Prepare
    botHandler = async () => ({ status: 200, body: JSON.stringify({ text: "Usage: /trace <id> [window]" }) });

    // Act
    const answer = await emulator.sendSlashCommand({
      command: "/trace",
      text: "",
      channelId: "#help",
      userId: "U0BOB",
    });

    // Assess
    expect(answer.body).toContain("Usage");
    const channelId = emulator.channels().find((c) => c.name === "help")?.id ?? "";
    expect(emulator.ephemerals(channelId)).toMatchObject([
      { user: "U0BOB", text: "Usage: /trace <id> [window]", source: "ack" },
    ]);
    expect(emulator.messages(channelId)).toHaveLength(0);
  });

  it("is refused by a bot that holds a different signing secret", async () => {
    // Prepare
    const stranger = await startReceiver("another-secret");
    emulator.setBotEndpoint(urlOf(stranger));

    // Act
    const answer = await emulator.sendSlashCommand({
      command: "/x",
      text: "",
      channelId: "#s",
      userId: "U1",
    });

    // Assess
    emulator.setBotEndpoint(urlOf(receiver));
    await new Promise((resolve) => stranger.close(resolve));
    expect(answer.status).toBe(401);
  });

  it("sends block_actions shaped like Slack's, with the message and remembered checkbox state", async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: "#inc", text: "ALARM", blocks: incidentBlocks });
    const channelId = posted.channel ?? "";
    const messageTs = posted.ts ?? "";

    // Act
    await emulator.sendBlockAction({
      channelId,
      userId: "U0ALICE",
      messageTs,
      actions: [{ action_id: "ack_steps", selected_values: ["paged", "statuspage"] }],
    });
    await emulator.sendBlockAction({
      channelId,
      userId: "U0ALICE",
      messageTs,
      actions: [{ action_id: "ack" }],
    });

    // Assess
    const first = JSON.parse(received[0]?.fields.get("payload") ?? "{}") as Record<string, unknown>;
    const second = JSON.parse(received[1]?.fields.get("payload") ?? "{}") as Record<string, unknown>;
    const { _SYNTHETIC: _note, ...fixtureShape } = checkboxFixture;
    expect(Object.keys(first).sort()).toEqual([...Object.keys(fixtureShape), "message"].sort());
    expect(first).toMatchObject({
      type: "block_actions",
      container: { type: "message", message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
      channel: { id: channelId, name: "inc" },
      message: { ts: messageTs, text: "ALARM", blocks: incidentBlocks },
      actions: [
        {
          type: "checkboxes",
          block_id: "incident_actions",
          action_id: "ack_steps",
          selected_options: [option("paged"), option("statuspage")],
        },
      ],
      state: {
        values: {
          incident_actions: {
            ack_steps: { type: "checkboxes", selected_options: [option("paged"), option("statuspage")] },
          },
        },
      },
    });
    expect(second.actions).toMatchObject([
      { type: "button", action_id: "ack", value: "alarm-1", text: { text: "Ack" } },
    ]);
    expect(second.state).toEqual(first.state);
  });

  it("replaces and deletes the source message through the action's response_url", async () => {
    // Prepare
    const channelId = emulator.createChannel("inc2").id;
    const first = await client.chat.postMessage({ channel: channelId, text: "A1", blocks: incidentBlocks });
    const second = await client.chat.postMessage({ channel: channelId, text: "A2", blocks: incidentBlocks });
    const click = (ts: string) =>
      emulator.sendBlockAction({ channelId, userId: "U1", messageTs: ts, actions: [{ action_id: "ack" }] });
    await click(first.ts ?? "");
    await click(second.ts ?? "");

    // Act
    const replaceStatus = await postJson(responseUrlOf(0), {
      replace_original: true,
      text: "Acknowledged by <@U1>",
    });
    const deleteStatus = await postJson(responseUrlOf(1), { delete_original: true });

    // Assess
    expect([replaceStatus, deleteStatus]).toEqual([200, 200]);
    expect(emulator.findMessage(channelId, first.ts ?? "")).toMatchObject({
      text: "Acknowledged by <@U1>",
      blocks: [],
    });
    expect(emulator.findMessage(channelId, second.ts ?? "")).toBeUndefined();
    expect(emulator.responses().slice(-2)).toMatchObject([
      { origin: "block_actions", replace_original: true },
      { origin: "block_actions", delete_original: true },
    ]);
  });

  it("refuses actions on elements the message does not have", async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: "#inc3", text: "x", blocks: incidentBlocks });

    // Act
    const attempt = emulator.sendBlockAction({
      channelId: posted.channel ?? "",
      userId: "U1",
      messageTs: posted.ts ?? "",
      actions: [{ action_id: "nope" }],
    });

    // Assess
    await expect(attempt).rejects.toThrow(/no element with action_id "nope"/);
  });
});

function responseUrlOf(index: number): string {
  const payload = JSON.parse(received[index]?.fields.get("payload") ?? "{}") as { response_url?: string };
  return payload.response_url ?? "";
}
