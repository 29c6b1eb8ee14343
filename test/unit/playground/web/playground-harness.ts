import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySlackRequest } from "@slack/bolt";
import { createHttpServer } from "../../../../src/http/create-http-server.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../../src/playground/slack-emulator/slack-emulator.js";
import { type PlaygroundDeps, playgroundRoutes } from "../../../../src/playground/web/playground-routes.js";
import { silentLogger } from "../../../../src/shared/logger.js";

export const SIGNING_SECRET = "playground-test-signing-secret";

/** One request the fake bot accepted (its Slack signature verified). */
export interface BotRequest {
  readonly fields: URLSearchParams;
  /** The parsed `payload` field of an interaction, if any. */
  readonly payload: Record<string, unknown> | undefined;
}

/** A running emulator, the playground routes on their own server and a signature-checking fake bot. */
export interface PlaygroundHarness {
  readonly emulator: SlackEmulator;
  readonly baseUrl: string;
  readonly botRequests: BotRequest[];
  /** Waits until the bot has received `count` requests (or fails after `ms`). */
  waitForBotRequests(count: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function startFakeBot(requests: BotRequest[], answer: (request: BotRequest) => string): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        verifySlackRequest({
          signingSecret: SIGNING_SECRET,
          body,
          headers: {
            "x-slack-signature": String(req.headers["x-slack-signature"]),
            "x-slack-request-timestamp": Number(req.headers["x-slack-request-timestamp"]),
          },
        });
      } catch {
        res.writeHead(401).end("invalid signature");
        return;
      }
      const fields = new URLSearchParams(body);
      const raw = fields.get("payload");
      const request = {
        fields,
        payload: raw === null ? undefined : (JSON.parse(raw) as Record<string, unknown>),
      };
      requests.push(request);
      const reply = answer(request);
      res
        .writeHead(200, { "content-type": reply.startsWith("{") ? "application/json" : "text/plain" })
        .end(reply);
    });
  });
}

/**
 * Starts the Slack emulator, a fake bot it signs requests for, and `playgroundRoutes` on a `createHttpServer`,
 * all on loopback ports chosen by the OS.
 */
export async function startPlaygroundHarness(
  deps: Omit<PlaygroundDeps, "emulator" | "fireAlarm"> & {
    readonly fireAlarm?: (emulator: SlackEmulator, alarm: object) => Promise<{ ok: boolean; detail: string }>;
    /** The fake bot's 200 body for a request; empty by default (a bare ack). */
    readonly botAnswer?: (request: BotRequest) => string;
  },
): Promise<PlaygroundHarness> {
  const botRequests: BotRequest[] = [];
  const bot = startFakeBot(botRequests, deps.botAnswer ?? (() => ""));
  const botUrl = `${await listen(bot)}/slack/events`;
  const emulator = await startSlackEmulator({ signingSecret: SIGNING_SECRET, botEndpoint: botUrl });
  const { fireAlarm: fire, botAnswer: _answer, ...rest } = deps;
  const server = createHttpServer(
    playgroundRoutes({
      ...rest,
      emulator,
      fireAlarm: (alarm) =>
        fire === undefined ? Promise.resolve({ ok: true, detail: "fired" }) : fire(emulator, alarm),
    }),
    silentLogger(),
  );
  const baseUrl = await listen(server);
  return {
    emulator,
    baseUrl,
    botRequests,
    async waitForBotRequests(count, ms = 3000) {
      const deadline = Date.now() + ms;
      while (botRequests.length < count) {
        if (Date.now() > deadline)
          throw new Error(`the bot got ${botRequests.length} requests, expected ${count}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await emulator.close();
      bot.closeAllConnections();
      await new Promise((r) => bot.close(r));
    },
  };
}
