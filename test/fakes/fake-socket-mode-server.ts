import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type RawData, type WebSocket, WebSocketServer } from "ws";

type JsonObject = Record<string, unknown>;

/** What Slack pushes down a Socket Mode connection for an event, command or interaction. */
export interface SocketModeEnvelope {
  readonly envelope_id: string;
  readonly type: string;
  readonly payload: JsonObject;
  readonly accepts_response_payload: boolean;
}

/** The client's acknowledgement of an envelope, with the response payload it carried, if any. */
export interface SocketModeAck {
  readonly envelope_id: string;
  readonly payload?: JsonObject;
}

/** A loopback stand-in for Slack's Socket Mode front door, in front of the Slack Web API emulator. */
export interface FakeSocketModeServer {
  /** Give this to the bot as SLACK_API_URL: `apps.connections.open` is answered here, every other method is
   * forwarded unchanged to the emulator. */
  readonly apiUrl: string;
  /** Give this to the emulator as its bot endpoint: the slash commands it sends go down the socket as envelopes. */
  readonly bridgeUrl: string;
  /** The tokens `apps.connections.open` was called with, in order. */
  connectionOpens(): string[];
  /** How many WebSocket clients are connected now. */
  connectedClients(): number;
  envelopes(): SocketModeEnvelope[];
  acks(): SocketModeAck[];
  /** Sends an envelope to the connected client and resolves with its ack; rejects after `timeoutMs`. */
  send(type: string, payload: JsonObject, timeoutMs?: number): Promise<SocketModeAck>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: JsonObject): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function parseAck(data: RawData): SocketModeAck | undefined {
  try {
    const parsed: unknown = JSON.parse(data.toString());
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const record = parsed as JsonObject;
    if (typeof record.envelope_id !== "string") return undefined;
    const payload = record.payload;
    return typeof payload === "object" && payload !== null && !Array.isArray(payload)
      ? { envelope_id: record.envelope_id, payload: payload as JsonObject }
      : { envelope_id: record.envelope_id };
  } catch {
    return undefined;
  }
}

/**
 * Starts a fake Socket Mode server on 127.0.0.1 (port 0): `apps.connections.open` with the app token returns
 * `ws://…/socket`; a client connecting there is greeted with `hello` like Slack does, and must ack every envelope
 * by its `envelope_id`. Slash commands the emulator posts to `bridgeUrl` become `slash_commands` envelopes and the
 * ack's payload becomes the HTTP answer, so `response_url`s minted by the emulator still lead back to it.
 */
export async function startFakeSocketModeServer(options: {
  readonly appToken: string;
  readonly upstreamApiUrl: string;
}): Promise<FakeSocketModeServer> {
  const opens: string[] = [];
  const envelopes: SocketModeEnvelope[] = [];
  const acks: SocketModeAck[] = [];
  const waiting = new Map<string, (ack: SocketModeAck) => void>();
  const sockets = new Set<WebSocket>();
  let base = "";

  function send(type: string, payload: JsonObject, timeoutMs = 3_000): Promise<SocketModeAck> {
    const [socket] = [...sockets];
    if (!socket) return Promise.reject(new Error("fake Socket Mode server: no client is connected"));
    const envelope: SocketModeEnvelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: type === "slash_commands" || type === "interactive",
    };
    envelopes.push(envelope);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(envelope.envelope_id);
        reject(new Error(`fake Socket Mode server: envelope ${envelope.envelope_id} was not acked`));
      }, timeoutMs);
      waiting.set(envelope.envelope_id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(JSON.stringify(envelope));
    });
  }

  async function forward(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "authorization"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const upstream = await fetch(`${options.upstreamApiUrl}${method}`, {
      method: req.method ?? "POST",
      headers,
      ...(req.method === "GET" ? {} : { body }),
    });
    const retryAfter = upstream.headers.get("retry-after");
    res.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "application/json",
      ...(retryAfter === null ? {} : { "retry-after": retryAfter }),
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  async function bridge(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const payload = Object.fromEntries(new URLSearchParams((await readBody(req)).toString("utf8")));
    const ack = await send("slash_commands", payload);
    const hasPayload = ack.payload !== undefined && Object.keys(ack.payload).length > 0;
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.end(hasPayload ? JSON.stringify(ack.payload) : "");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake.invalid").pathname;
    if (path === "/api/apps.connections.open") {
      await readBody(req);
      const token = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
      opens.push(token);
      if (token !== options.appToken) return sendJson(res, 200, { ok: false, error: "invalid_auth" });
      return sendJson(res, 200, { ok: true, url: `${base.replace(/^http/, "ws")}/socket` });
    }
    const api = /^\/api\/([^/]+)$/.exec(path);
    if (api?.[1] !== undefined) return forward(req, res, api[1]);
    if (path === "/bridge" && req.method === "POST") return bridge(req, res);
    res.writeHead(404).end("not found");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  const wss = new WebSocketServer({ server, path: "/socket" });
  wss.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("message", (data) => {
      const ack = parseAck(data);
      if (!ack) return;
      acks.push(ack);
      waiting.get(ack.envelope_id)?.(ack);
      waiting.delete(ack.envelope_id);
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: sockets.size,
        debug_info: { host: "fake-socket-mode", approximate_connection_time: 18_060 },
        connection_info: { app_id: "A0KLAXON" },
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    bridgeUrl: `${base}/bridge`,
    connectionOpens: () => [...opens],
    connectedClients: () => sockets.size,
    envelopes: () => [...envelopes],
    acks: () => [...acks],
    send,
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
