import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorChange } from "../../../../src/playground/slack-emulator/emulator-types.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../../src/playground/slack-emulator/slack-emulator.js";

const SECRET = "bolt-signing-secret";
let emulator: SlackEmulator;
let app: App;
let server: Server;

function nextChange(predicate: (change: EmulatorChange) => boolean): Promise<EmulatorChange> {
  return new Promise((resolve) => {
    const stop = emulator.onChange((change) => {
      if (!predicate(change)) return;
      stop();
      resolve(change);
    });
  });
}

beforeAll(async () => {
  // Bolt checks signatures against the wall clock, so the emulator keeps the default system clock here.
  emulator = await startSlackEmulator({ signingSecret: SECRET });
  app = new App({
    token: emulator.botToken,
    signingSecret: SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command("/klaxon", async ({ ack, say, respond, command }) => {
    await ack();
    const posted = await say({ text: `status for ${command.text}` });
    await respond({ response_type: "ephemeral", text: `posted ${posted.ts}` });
  });
  app.action("ack", async ({ ack, respond, body }) => {
    await ack();
    await respond({ replace_original: true, text: `acked by ${body.user.id}` });
  });
  server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  emulator.setBotEndpoint(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
});

afterAll(async () => {
  await app.stop();
  await emulator.close();
});

describe("Slack emulator driving a real Bolt app", () => {
  it("delivers a slash command Bolt accepts, and receives its say() and respond()", async () => {
    // Prepare
    const channel = emulator.createChannel("ops");
    const responded = nextChange((c) => c.type === "ephemeral");

    // Act
    const answer = await emulator.sendSlashCommand({
      command: "/klaxon",
      text: "api",
      channelId: channel.id,
      userId: "U1",
    });
    await responded;

    // Assess
    expect(answer.status).toBe(200);
    expect(emulator.messages(channel.id).map((m) => m.text)).toEqual(["status for api"]);
    expect(emulator.ephemerals(channel.id)[0]?.text).toMatch(/^posted \d+\.\d{6}$/);
  });

  it("delivers a button click Bolt routes by action_id, and applies replace_original", async () => {
    // Prepare
    const channel = emulator.createChannel("inc");
    const blocks = [
      {
        type: "actions",
        elements: [{ type: "button", action_id: "ack", text: { type: "plain_text", text: "Ack" } }],
      },
    ];
    const posted = await app.client.chat.postMessage({ channel: channel.id, text: "ALARM", blocks });
    const replaced = nextChange((c) => c.type === "message_changed");

    // Act
    const answer = await emulator.sendBlockAction({
      channelId: channel.id,
      userId: "U2",
      messageTs: posted.ts ?? "",
      actions: [{ action_id: "ack" }],
    });
    await replaced;

    // Assess
    expect(answer.status).toBe(200);
    expect(emulator.findMessage(channel.id, posted.ts ?? "")?.text).toBe("acked by U2");
  });
});
