import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { startSlackEmulator } from "../../../src/playground/slack-emulator/slack-emulator.js";
import {
  createSlackLogger,
  registerSlackErrorLogging,
  slackRequestContext,
} from "../../../src/slack/slack-logger.js";

interface Line {
  level: number;
  msg: string;
  component?: string;
  name?: string;
  err?: { message: string };
  slack?: Record<string, unknown>;
}

/** A pino logger writing into memory; every write must be one JSON line. */
function jsonLines(level = "debug") {
  const lines: Line[] = [];
  const logger = pino({ level }, { write: (chunk: string) => lines.push(JSON.parse(chunk) as Line) });
  return { logger, lines };
}

describe("createSlackLogger", () => {
  it("writes what the Slack libraries log as pino JSON lines tagged with the component", () => {
    // Prepare
    const { logger, lines } = jsonLines();
    const slack = createSlackLogger(logger, LogLevel.DEBUG);
    slack.setName("web-api:WebClient:0");
    // Act
    slack.warn("http request failed", { attempt: 2 });
    slack.error(new Error("socket hang up"));
    // Assess
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'http request failed {"attempt":2}',
        component: "slack",
        name: "web-api:WebClient:0",
      }),
      expect.objectContaining({ level: 50, msg: "socket hang up", err: expect.objectContaining({}) }),
    ]);
    expect(lines[1]?.err?.message).toBe("socket hang up");
  });

  it("honours setLevel and reports it through getLevel", () => {
    const { logger, lines } = jsonLines();
    const slack = createSlackLogger(logger);
    slack.info("hidden at the default WARN");
    slack.setLevel(LogLevel.DEBUG);
    slack.debug("shown");
    expect(slack.getLevel()).toBe(LogLevel.DEBUG);
    expect(lines.map((l) => l.msg)).toEqual(["shown"]);
  });
});

describe("slackRequestContext", () => {
  it("keeps ids from slash commands and block actions, never text or tokens", () => {
    const command = slackRequestContext(
      {
        command: "/insights",
        text: "password=hunter2",
        token: "legacy-verification-token",
        team_id: "T1",
        channel_id: "C1",
        user_id: "U1",
        response_url: "https://hooks.slack.com/x",
      },
      {},
    );
    const action = slackRequestContext(
      { actions: [{ action_id: "ack" }], team: { id: "T2" }, channel: { id: "C2" }, user: { id: "U2" } },
      {},
    );
    expect(command).toEqual({ command: "/insights", team: "T1", channel: "C1", user: "U1" });
    expect(action).toEqual({ actionIds: ["ack"], team: "T2", channel: "C2", user: "U2" });
  });
});

describe("Bolt with klaxon's logger", () => {
  it("logs a failing listener's error with the command, team, channel and user as one JSON line", async () => {
    // Prepare: a real Bolt app on the Slack emulator whose /boom listener throws after acking.
    const secret = "slack-logger-secret";
    const emulator = await startSlackEmulator({ signingSecret: secret });
    const { logger, lines } = jsonLines("info");
    const app = new App({
      token: emulator.botToken,
      signingSecret: secret,
      logger: createSlackLogger(logger),
      logLevel: LogLevel.WARN,
      extendedErrorHandler: true,
      clientOptions: { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } },
    });
    registerSlackErrorLogging(app, logger);
    app.command("/boom", async ({ ack }) => {
      await ack();
      throw new Error("listener blew up");
    });
    const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
    emulator.setBotEndpoint(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    const channel = emulator.createChannel("ops");
    try {
      // Act
      await emulator.sendSlashCommand({
        command: "/boom",
        text: "x",
        channelId: channel.id,
        userId: "U0ALICE",
      });
      await expect.poll(() => lines.some((l) => l.msg === "A Slack listener failed")).toBe(true);
    } finally {
      await app.stop();
      await emulator.close();
    }
    // Assess
    const line = lines.find((l) => l.msg === "A Slack listener failed");
    expect(line?.err?.message).toBe("listener blew up");
    expect(line?.slack).toMatchObject({ command: "/boom", channel: channel.id, user: "U0ALICE" });
    expect(line?.slack?.team).toEqual(expect.any(String));
  });
});
