import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import type { EmulatorChange } from "../../src/playground/slack-emulator/emulator-types.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../src/playground/slack-emulator/slack-emulator.js";

/** A real Bolt app on loopback, wired to a fresh Slack emulator that signs requests with the same secret. */
export interface BoltOnEmulator {
  readonly emulator: SlackEmulator;
  readonly app: App;
  /** Resolves with the first emulator change that matches (register it before acting). */
  nextChange(predicate: (change: EmulatorChange) => boolean): Promise<EmulatorChange>;
  stop(): Promise<void>;
}

/**
 * Starts the Slack emulator and a real Bolt `App` (HTTP receiver on a random loopback port) pointed at it, lets
 * `register` add listeners, and points the emulator's slash commands and interactions at the app.
 */
export async function startBoltOnEmulator(
  secret: string,
  register: (app: App) => void,
): Promise<BoltOnEmulator> {
  const emulator = await startSlackEmulator({ signingSecret: secret });
  const app = new App({
    token: emulator.botToken,
    signingSecret: secret,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } },
  });
  register(app);
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  emulator.setBotEndpoint(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  return {
    emulator,
    app,
    nextChange: (predicate) =>
      new Promise((resolve) => {
        const stop = emulator.onChange((change) => {
          if (!predicate(change)) return;
          stop();
          resolve(change);
        });
      }),
    async stop() {
      await app.stop();
      await emulator.close();
    },
  };
}
