import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../../src/playground/slack-emulator/slack-emulator.js";
import { sendRaw } from "../../../fakes/raw-http.js";

let emulator: SlackEmulator;
beforeAll(async () => {
  emulator = await startSlackEmulator({ signingSecret: "secret" });
});
afterAll(async () => {
  await emulator.close();
});

const portOf = (url: string): number => Number(new URL(url).port);

describe("Slack emulator facing malformed request targets", () => {
  it.each(["//", "*", "http://x:99999/api/auth.test", "/files/%E0%A4%A"])(
    "answers %s without going down",
    async (target) => {
      const answer = await sendRaw(
        portOf(emulator.url),
        `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      );
      const after = await fetch(`${emulator.apiUrl}auth.test`, {
        method: "POST",
        headers: { authorization: `Bearer ${emulator.botToken}` },
      });

      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(after.status).toBe(200);
    },
  );
});
