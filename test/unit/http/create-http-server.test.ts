import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import {
  createHttpServer,
  createPendingHttpServer,
  HTTP_TIMEOUTS,
  type HttpRoute,
  send,
} from "../../../src/http/create-http-server.js";
import { sendRaw } from "../../fakes/raw-http.js";

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "debug" }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

const routes: HttpRoute[] = [
  { method: "GET", path: "/healthz", handler: (_req, res) => send(res, 200, "ok") },
  {
    method: "GET",
    path: "/runbooks/:name",
    handler: (_req, res, params) => send(res, 200, `name=${params.name ?? ""}`),
  },
  {
    method: "GET",
    path: "/sync-throw",
    handler: () => {
      throw new TypeError("synchronous bug");
    },
  },
  {
    method: "GET",
    path: "/async-throw",
    handler: async () => {
      throw new Error("asynchronous bug");
    },
  },
];

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function start(): Promise<{ port: number; lines: { level: number; msg: string }[] }> {
  const { logger, lines } = capturingLogger();
  const s = createHttpServer(routes, logger);
  server = s;
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return { port: (s.address() as AddressInfo).port, lines };
}

const get = (target: string, method = "GET") =>
  `${method} ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;

describe("createHttpServer", () => {
  it.each([
    ["a truncated percent-escape in a path parameter", "/runbooks/%E0%A4%A", 400],
    ["an invalid percent-escape", "/runbooks/%ZZ", 400],
    ["a lone surrogate escape", "/runbooks/%ED%A0%80", 400],
    ["an empty authority", "//", 404],
    ["a path that looks like an authority", "//evil.example/healthz", 404],
    ["an absolute-form target with a bad port", "http://x:99999/healthz", 400],
    ["an asterisk target", "*", 400],
  ])("answers %s with a 4xx and stays up", async (_name, target, status) => {
    const { port } = await start();

    const answer = await sendRaw(port, get(target));
    const health = await sendRaw(port, get("/healthz"));

    expect(answer.status).toBe(status);
    expect(health.status).toBe(200);
  });

  it("answers CONNECT with 405 instead of dropping the connection", async () => {
    const { port } = await start();

    const answer = await sendRaw(port, get("localhost:443", "CONNECT"));

    expect(answer.status).toBe(405);
    expect((await sendRaw(port, get("/healthz"))).status).toBe(200);
  });

  it("answers OPTIONS * with a 4xx", async () => {
    const { port } = await start();

    const answer = await sendRaw(port, get("*", "OPTIONS"));

    expect(answer.status).toBe(400);
    expect((await sendRaw(port, get("/healthz"))).status).toBe(200);
  });

  it("routes an absolute-form target by its path and keeps the query out of the match", async () => {
    const { port } = await start();

    const absolute = await sendRaw(port, get("http://x/healthz"));
    const badQuery = await sendRaw(port, get("/healthz?q=%E0%A4%A&x=%ZZ"));

    expect(absolute.status).toBe(200);
    expect(badQuery.status).toBe(200);
  });

  it("decodes a valid escape in a path parameter", async () => {
    const { port } = await start();

    const answer = await sendRaw(port, get("/runbooks/high%2Dlatency"));

    expect(answer.text).toContain("name=high-latency");
  });

  it("turns a handler's synchronous and asynchronous throws into 500 answers and a log line", async () => {
    const { port, lines } = await start();

    const sync = await sendRaw(port, get("/sync-throw"));
    const async = await sendRaw(port, get("/async-throw"));
    const health = await sendRaw(port, get("/healthz"));

    expect(sync.status).toBe(500);
    expect(async.status).toBe(500);
    expect(health.status).toBe(200);
    expect(lines.filter((l) => l.msg === "request handler failed")).toHaveLength(2);
  });

  it("answers a request the HTTP parser rejects with 400, closes the socket and logs it", async () => {
    const { port, lines } = await start();

    const garbage = await sendRaw(port, "NOT A REQUEST\r\n\r\n");
    const badChunk = await sendRaw(
      port,
      "POST /healthz HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n0\r\n\r\n",
    );

    expect(garbage.status).toBe(400);
    expect(badChunk.status === undefined || badChunk.status < 500).toBe(true);
    expect((await sendRaw(port, get("/healthz"))).status).toBe(200);
    expect(lines.some((l) => l.msg === "refused a malformed HTTP request")).toBe(true);
  });

  it("keeps idle connections open longer than load balancers do (ALB: 60 s) and waits for headers longer still", () => {
    const s = createHttpServer(routes, capturingLogger().logger);

    expect(s.keepAliveTimeout).toBe(HTTP_TIMEOUTS.keepAliveMs);
    expect(s.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(s.headersTimeout).toBeGreaterThan(s.keepAliveTimeout);
    expect(s.requestTimeout).toBeGreaterThanOrEqual(s.headersTimeout);
  });
});

describe("createPendingHttpServer", () => {
  it("answers 503 while klaxon is still being wired, then routes once served", async () => {
    // Prepare
    const pending = createPendingHttpServer(capturingLogger().logger);
    const s = pending.server;
    server = s;
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as AddressInfo).port;

    // Act
    const before = await sendRaw(port, get("/healthz"));
    pending.serve(routes);
    const after = await sendRaw(port, get("/healthz"));

    // Assess
    expect(before.status).toBe(503);
    expect(after.status).toBe(200);
  });
});
