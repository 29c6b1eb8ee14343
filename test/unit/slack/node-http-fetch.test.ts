import { spawnSync } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { App, LogLevel } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer } from "../../../src/http/create-http-server.js";
import { classifySlackError } from "../../../src/outbox/slack-poster.js";
import { signSlackRequest } from "../../../src/playground/slack-emulator/sign-slack-request.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { AckFirstReceiver } from "../../../src/slack/ack-first-receiver.js";
import { createNodeHttpFetch, type NodeHttpFetchOptions } from "../../../src/slack/node-http-fetch.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const servers: Server[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A loopback server answering with `handler`; every request it received is kept in `received`. */
async function listen(
  handler: (req: Received, res: ServerResponse) => void,
): Promise<{ base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(r);
      handler(r, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

function client(options: NodeHttpFetchOptions = {}) {
  const f = createNodeHttpFetch(options);
  closers.push(() => f.close());
  return f;
}

describe("createNodeHttpFetch", () => {
  it("posts a string body with its headers and returns status, headers and body as fetch does", async () => {
    const { base, received } = await listen((_r, res) =>
      json(res, 200, { ok: true }, { "x-oauth-scopes": "chat:write" }),
    );

    const res = await client()(`${base}/response/R1`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: "héllo" }),
    });

    expect(received).toMatchObject([
      {
        method: "POST",
        url: "/response/R1",
        headers: { "content-type": "application/json" },
        body: '{"text":"héllo"}',
      },
    ]);
    expect(received[0]?.headers["content-length"]).toBe(String(Buffer.byteLength('{"text":"héllo"}')));
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get("X-OAuth-Scopes")).toBe("chat:write");
    expect(Object.fromEntries(res.headers.entries())).toMatchObject({ "x-oauth-scopes": "chat:write" });
    expect(await res.json()).toEqual({ ok: true });
    await expect(res.text()).rejects.toThrow(/already been read/);
  });

  it("reports a refused answer through ok and status, as fetch does", async () => {
    const { base } = await listen((_r, res) => json(res, 404, { ok: false, error: "expired_url" }));

    const res = await client()(`${base}/response/old`, { method: "POST", body: "{}" });

    expect(res.ok).toBe(false);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('{"ok":false,"error":"expired_url"}');
  });

  it("sends form parameters with their media type and decodes a compressed answer", async () => {
    const { base, received } = await listen((_r, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(gzipSync(JSON.stringify({ ok: true, channels: ["C1"] })));
    });

    const res = await client()(`${base}/api/conversations.list`, {
      method: "POST",
      body: new URLSearchParams({ limit: "200" }),
    });

    expect(received[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(received[0]?.headers["accept-encoding"]).toContain("gzip");
    expect(received[0]?.body).toBe("limit=200");
    expect(await res.json()).toEqual({ ok: true, channels: ["C1"] });
  });

  it("gives up on a server that does not answer in time when the caller sets no signal", async () => {
    const { base } = await listen(() => {});

    await expect(
      client({ timeoutMs: 50 })(`${base}/slow`, { method: "POST", body: "{}" }),
    ).rejects.toMatchObject({
      name: "TimeoutError",
    });
  });

  it("rejects with the caller's signal's reason when it aborts, as fetch does", async () => {
    const { base } = await listen(() => {});
    const controller = new AbortController();
    const call = client({ timeoutMs: 60_000 })(`${base}/slow`, { method: "POST", signal: controller.signal });

    controller.abort(new Error("shutting down"));

    await expect(call).rejects.toThrow("shutting down");
  });

  it("reports a refused connection as fetch failed with the socket's code in cause", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, "127.0.0.1", () => {
        const p = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });

    const call = client()(`http://127.0.0.1:${port}/api/chat.postMessage`, { method: "POST", body: "" });

    await expect(call).rejects.toMatchObject({
      name: "TypeError",
      message: "fetch failed",
      cause: { code: "ECONNREFUSED" },
    });
  });

  it("rejects a malformed answer instead of throwing inside an event handler", async () => {
    const raw = createNetServer((socket) => {
      socket.once("data", () => socket.end("HTTP/1.1 abc Odd\r\n\r\n"));
    });
    await new Promise<void>((r) => raw.listen(0, "127.0.0.1", r));
    closers.push(() => raw.close());

    const call = client()(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/x`, {
      method: "POST",
      body: "{}",
    });

    await expect(call).rejects.toThrow("fetch failed");
  });

  it("refuses an answer larger than the limit", async () => {
    const { base } = await listen((_r, res) => res.end("x".repeat(10_000)));

    await expect(client({ maxResponseBytes: 1000 })(`${base}/big`)).rejects.toMatchObject({
      message: "fetch failed",
      cause: { message: expect.stringMatching(/larger than 1000 bytes/) },
    });
  });

  it("refuses a redirect when asked to, and follows one otherwise, dropping credentials across origins", async () => {
    const other = await listen((_r, res) => json(res, 200, { ok: true, where: "other" }));
    const { base, received } = await listen((r, res) => {
      if (r.url === "/same") return json(res, 200, { ok: true, where: "same" });
      res.writeHead(302, { location: r.url === "/away" ? `${other.base}/landed` : "/same" });
      res.end();
    });
    const f = client();
    const headers = { authorization: "Bearer xoxb-secret" };

    await expect(
      f(`${base}/here`, { method: "POST", body: "a=1", redirect: "error", headers }),
    ).rejects.toThrow("fetch failed");
    const same = await f(`${base}/here`, { method: "POST", body: "a=1", headers });
    const away = await f(`${base}/away`, { method: "POST", body: "a=1", headers });

    expect(await same.json()).toEqual({ ok: true, where: "same" });
    expect(same.redirected).toBe(true);
    expect(received.at(-2)).toMatchObject({
      method: "GET",
      url: "/same",
      body: "",
      headers: { authorization: "Bearer xoxb-secret" },
    });
    expect(await away.json()).toEqual({ ok: true, where: "other" });
    expect(other.received[0]?.headers.authorization).toBeUndefined();
  });

  it("hands a multipart body to the fallback fetch", async () => {
    const seen: unknown[] = [];
    const fallback: typeof fetch = async (_input, init) => {
      seen.push(init?.body);
      return new Response("{}", { status: 200 });
    };
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array([1, 2, 3])]), "graph.png");

    const res = await client({ fallback })("http://127.0.0.1:9/upload", { method: "POST", body: form });

    expect(seen).toEqual([form]);
    expect(res.status).toBe(200);
  });

  it("refuses a URL that is not http(s)", async () => {
    await expect(client()("file:///etc/passwd", { method: "POST", body: "{}" })).rejects.toThrow(
      "fetch failed",
    );
  });
});

describe("the Slack clients over createNodeHttpFetch", () => {
  it("carries WebClient calls, their platform errors and Slack's 429 with Retry-After to the outbox's classifier", async () => {
    const { base, received } = await listen((r, res) => {
      if (r.url === "/api/chat.postMessage")
        return json(res, 200, { ok: true, channel: "C1", ts: "1.000100" });
      if (r.url === "/api/chat.update") return json(res, 200, { ok: false, error: "channel_not_found" });
      res.writeHead(429, { "retry-after": "7" });
      res.end();
    });
    const web = new WebClient("xoxb-unit", {
      slackApiUrl: `${base}/api/`,
      fetch: client(),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5_000,
    });

    const posted = await web.chat.postMessage({
      channel: "C1",
      text: "ALARM",
      blocks: [{ type: "divider" }],
    });
    const refused = await web.chat
      .update({ channel: "C1", ts: "1.000100", text: "OK" })
      .catch((e: unknown) => e);
    const limited = await web.reactions
      .add({ channel: "C1", timestamp: "1", name: "eyes" })
      .catch((e: unknown) => e);

    expect(posted.ts).toBe("1.000100");
    expect(received[0]?.headers.authorization).toBe("Bearer xoxb-unit");
    expect(new URLSearchParams(received[0]?.body).get("blocks")).toBe('[{"type":"divider"}]');
    expect(classifySlackError(refused)).toMatchObject({ kind: "channel", slackError: "channel_not_found" });
    expect(classifySlackError(limited)).toMatchObject({ kind: "rate_limited", retryAfterMs: 7000 });
  });

  it("makes a WebClient call without loading fetch's HTTP stack", () => {
    const script = `
      import { createServer } from "node:http";
      import { WebClient } from "@slack/web-api";
      import { createNodeHttpFetch } from "./src/slack/node-http-fetch.ts";
      const server = createServer((_q, r) => { r.setHeader("content-type", "application/json"); r.end('{"ok":true,"url":"https://x.slack.com/"}'); });
      server.listen(0, "127.0.0.1", async () => {
        const f = createNodeHttpFetch();
        const web = new WebClient("xoxb-t", { slackApiUrl: "http://127.0.0.1:" + server.address().port + "/api/", fetch: f });
        const answer = await web.auth.test();
        f.close(); server.close();
        console.log(JSON.stringify({ url: answer.url, undici: process.moduleLoadList.some((m) => m.includes("undici")) }));
      });`;

    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30_000,
    });

    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({ url: "https://x.slack.com/", undici: false });
  });

  it("makes Bolt's respond() and its Web API calls go through clientOptions.fetch", async () => {
    const calls: string[] = [];
    const { base } = await listen((_r, res) => json(res, 200, { ok: true }));
    const inner = client();
    const spy: typeof fetch = (input, init) => {
      calls.push(String(input));
      return inner(input, init);
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
      clientOptions: { slackApiUrl: `${base}/api/`, fetch: spy },
    });
    let answered: () => void = () => {};
    const done = new Promise<void>((r) => {
      answered = r;
    });
    app.command("/klaxon", async ({ respond, client: web }) => {
      await respond({ text: "help" });
      await web.chat.postEphemeral({ channel: "C0", user: "U0", text: "hi" });
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

    const res = await inner(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, {
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
    expect(calls).toEqual([`${base}/response/R9`, `${base}/api/chat.postEphemeral`]);
  });
});
