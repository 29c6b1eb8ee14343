import { LogLevel, WebClient } from "@slack/web-api";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackPoster } from "../../../src/outbox/slack-poster.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../src/playground/slack-emulator/slack-emulator.js";
import {
  createChannelDirectory,
  isChannelId,
  type KnownChannel,
  listChannels,
} from "../../../src/slack/channel-directory.js";

let emulator: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  emulator = await startSlackEmulator({ signingSecret: "secret", botToken: "xoxb-test" });
  client = new WebClient("xoxb-test", {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});

afterAll(async () => {
  await emulator.close();
});

function recordingLogger() {
  const lines: { msg?: string; channel?: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe("listChannels", () => {
  it("reads every page of conversations.list through the WebClient", async () => {
    // Prepare: more channels than one page of the emulator's default size.
    for (let i = 0; i < 120; i++) emulator.createChannel(`team-${i}`);
    // Act
    const channels = await listChannels(client);
    // Assess
    expect(channels.map((c) => c.name)).toContain("team-119");
    expect(emulator.callsTo("conversations.list").at(-1)?.args).toMatchObject({
      types: "public_channel,private_channel",
    });
  });
});

describe("createChannelDirectory", () => {
  it("resolves #name and name to the ID, passes IDs through and lists channels only once", async () => {
    // Prepare
    let listed = 0;
    const list = async (): Promise<KnownChannel[]> => {
      listed++;
      return [{ id: "C0ALERTS01", name: "alerts" }];
    };
    const { logger } = recordingLogger();
    const directory = createChannelDirectory({ listChannels: list, logger }, ["#alerts"]);
    // Act
    await directory.load();
    const ids = [
      await directory.idOf("#alerts"),
      await directory.idOf("alerts"),
      await directory.idOf("C0OTHER123"),
      await directory.idOf("#nowhere"),
    ];
    // Assess
    expect(ids).toEqual(["C0ALERTS01", "C0ALERTS01", "C0OTHER123", undefined]);
    expect(listed).toBe(1);
  });

  it("warns once about each configured channel klaxon cannot see, naming it", async () => {
    const { logger, lines } = recordingLogger();
    const directory = createChannelDirectory(
      { listChannels: async () => [{ id: "C0ALERTS01", name: "alerts" }], logger },
      ["#alerts", "#secret-ops", "#secret-ops", "C0BYID0001"],
    );
    await directory.load();
    expect(lines.map((l) => l.channel)).toEqual(["#secret-ops"]);
    expect(lines[0]?.msg).toMatch(/check its name.*invite klaxon/);
  });

  it("lists again after a failed load", async () => {
    let calls = 0;
    const { logger } = recordingLogger();
    const directory = createChannelDirectory(
      {
        listChannels: async () => {
          calls++;
          if (calls === 1) throw new Error("slack down");
          return [{ id: "C0ALERTS01", name: "alerts" }];
        },
        logger,
      },
      [],
    );
    await expect(directory.load()).rejects.toThrow("slack down");
    expect(await directory.idOf("#alerts")).toBe("C0ALERTS01");
  });

  it("tells IDs from names", () => {
    expect(isChannelId("C0123ABCD")).toBe(true);
    expect(isChannelId("G0123ABCD")).toBe(true);
    expect(isChannelId("#alerts")).toBe(false);
    expect(isChannelId("alerts")).toBe(false);
  });
});

describe("createSlackPoster join", () => {
  it("joins by the channel's ID, as conversations.join requires", async () => {
    // Prepare
    const channel = emulator.createChannel("payments-alerts");
    const { logger } = recordingLogger();
    const directory = createChannelDirectory({ listChannels: () => listChannels(client), logger }, [
      "#payments-alerts",
    ]);
    const poster = createSlackPoster(client, (c) => directory.idOf(c));
    // Act
    await poster.join("#payments-alerts");
    // Assess
    expect(emulator.callsTo("conversations.join").at(-1)?.args).toMatchObject({ channel: channel.id });
  });

  it("refuses to join a channel it cannot resolve, asking for an invite", async () => {
    const { logger } = recordingLogger();
    const directory = createChannelDirectory({ listChannels: async () => [], logger }, []);
    const poster = createSlackPoster(client, (c) => directory.idOf(c));
    await expect(poster.join("#private-ops")).rejects.toMatchObject({
      kind: "channel",
      message: expect.stringMatching(/check the name, or invite klaxon/),
    });
  });
});
