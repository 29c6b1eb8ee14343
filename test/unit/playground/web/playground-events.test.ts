import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "../../../../src/http/create-http-server.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../../src/playground/slack-emulator/slack-emulator.js";
import { playgroundRoutes } from "../../../../src/playground/web/playground-routes.js";
import { silentLogger } from "../../../../src/shared/logger.js";

let emulator: SlackEmulator;
let server: Server;
let baseUrl: string;
let listeners = 0;

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  emulator = await startSlackEmulator({ signingSecret: "events-secret" });
  const counted: SlackEmulator = {
    ...emulator,
    onChange: (listener) => {
      listeners += 1;
      const off = emulator.onChange(listener);
      return () => {
        listeners -= 1;
        off();
      };
    },
  };
  server = createHttpServer(
    playgroundRoutes({
      emulator: counted,
      fireAlarm: async () => ({ ok: true, detail: "" }),
      sampleAlarms: [],
      exampleCommands: [],
    }),
    silentLogger(),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await emulator.close();
});

describe("GET /playground/events", () => {
  it("pushes a change event on an emulator change and unsubscribes when the browser leaves", async () => {
    // Prepare
    const abort = new AbortController();
    const response = await fetch(`${baseUrl}/playground/events`, { signal: abort.signal });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = "";
    await until(() => listeners === 1);
    // Act
    emulator.postUserMessage({ channelId: "#general", userId: "U1", text: "hello" });
    while (!text.includes("event: change") && reader !== undefined) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    abort.abort();
    // Assess
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(text).toMatch(/event: change\ndata: \{"type":"(channel_created|message)"\}\n\n/);
    await until(() => listeners === 0);
    expect(listeners).toBe(0);
  });
});
