import { createServer, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer } from "../../../src/http/create-http-server.js";
import { signSlackRequest } from "../../../src/playground/slack-emulator/sign-slack-request.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { AckFirstReceiver } from "../../../src/slack/ack-first-receiver.js";
import {
  answerResponseUrlsWith,
  createResponseUrlPoster,
  type ResponseUrlFetch,
} from "../../../src/slack/response-url-poster.js";

const servers: Server[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(handler: (req: IncomingMessage, body: string) => [number, string]): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const [status, body] = handler(req, Buffer.concat(chunks).toString("utf8"));
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function poster(options: { timeoutMs?: number } = {}) {
  const p = createResponseUrlPoster(options);
  closers.push(() => p.close());
  return p;
}

describe("createResponseUrlPoster", () => {
  it("posts the JSON body with its headers and returns the answer as a Response", async () => {
    const received: { method?: string; type?: string; body: string }[] = [];
    const base = await listen((req, body) => {
      received.push({
        ...(req.method !== undefined && { method: req.method }),
        ...(req.headers["content-type"] !== undefined && { type: req.headers["content-type"] }),
        body,
      });
      return [200, '{"ok":true}'];
    });

    const res = await poster()(`${base}/response/R1`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: "héllo" }),
    });

    expect(received).toEqual([{ method: "POST", type: "application/json", body: '{"text":"héllo"}' }]);
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("reports a refused answer through ok and status, as fetch does", async () => {
    const base = await listen(() => [404, '{"ok":false,"error":"expired_url"}']);

    const res = await poster()(`${base}/response/old`, { method: "POST", body: "{}" });

    expect(res.ok).toBe(false);
    expect(res.status).toBe(404);
  });

  it("gives up on a response_url that does not answer in time", async () => {
    const silent = createServer(() => {});
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/response/slow`;

    await expect(poster({ timeoutMs: 50 })(url, { method: "POST", body: "{}" })).rejects.toThrow(
      /did not answer within 50 ms/,
    );
  });

  it("rejects an answer whose status a Response cannot hold instead of throwing in an event handler", async () => {
    const raw = createNetServer((socket) => {
      socket.once("data", () => socket.end("HTTP/1.1 600 Odd\r\ncontent-length: 0\r\n\r\n"));
    });
    await new Promise<void>((r) => raw.listen(0, "127.0.0.1", r));
    closers.push(() => raw.close());
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/response/odd`;

    await expect(poster()(url, { method: "POST", body: "{}" })).rejects.toThrow();
  });

  it("refuses a response_url that is not http(s)", async () => {
    await expect(poster()("file:///etc/passwd", { method: "POST", body: "{}" })).rejects.toThrow(/http/);
  });
});

describe("answerResponseUrlsWith", () => {
  it("makes Bolt's respond() post through the given function", async () => {
    const calls: string[] = [];
    const base = await listen(() => [200, '{"ok":true}']);
    const p = poster();
    const spy: ResponseUrlFetch = (url, init) => {
      calls.push(url);
      return p(url, init);
    };
    const receiver = new AckFirstReceiver({
      signingSecret: "s",
      clock: () => new Date(),
      logger: silentLogger(),
    });
    const app = new App({
      token: "xoxb-unit",
      botId: "B0",
      botUserId: "U0BOT",
      receiver,
      logLevel: LogLevel.ERROR,
    });
    answerResponseUrlsWith(app, spy);
    let answered: () => void = () => {};
    const done = new Promise<void>((r) => {
      answered = r;
    });
    app.command("/klaxon", async ({ respond }) => {
      await respond({ text: "help" });
      answered();
    });
    const server = createHttpServer(
      [{ method: "POST", path: "/slack/events", handler: receiver.handler }],
      silentLogger(),
    );
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const body = new URLSearchParams({
      command: "/klaxon",
      text: "help",
      team_id: "T0",
      channel_id: "C0",
      user_id: "U0",
      response_url: `${base}/response/R9`,
    }).toString();
    const ts = Math.floor(Date.now() / 1000);

    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(ts),
        "x-slack-signature": signSlackRequest("s", ts, body),
      },
      body,
    });
    await done;

    expect(res.status).toBe(200);
    expect(calls).toEqual([`${base}/response/R9`]);
  });
});
