import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../shared/logger.js";

/** A route handler; it writes the response itself. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Readonly<Record<string, string>>,
) => Promise<void> | void;

/** One route: method, a path (`/runbooks/:name` style, one segment per param) and its handler. */
export interface HttpRoute {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly handler: RouteHandler;
}

/**
 * Connection timeouts. Load balancers reuse idle connections (AWS ALB for 60 s by default): if the server closed
 * an idle connection first, the balancer could send a request into a closing socket and answer 502. So idle
 * connections live longer than the balancer's, headers may take a little longer still, and a whole request
 * (klaxon's are a few KB) gets two minutes.
 */
export const HTTP_TIMEOUTS = { keepAliveMs: 65_000, headersMs: 66_000, requestMs: 120_000 } as const;

/** A path parameter whose percent-encoding does not decode (e.g. `%E0%A4%A`). */
const BAD_ESCAPE = Symbol("bad escape");

function matchPath(pattern: string, path: string): Record<string, string> | typeof BAD_ESCAPE | undefined {
  const p = pattern.split("/");
  const a = path.split("/");
  if (p.length !== a.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] ?? "";
    const val = a[i] ?? "";
    if (seg.startsWith(":")) {
      if (val === "") return undefined;
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return BAD_ESCAPE;
      }
    } else if (seg !== val) return undefined;
  }
  return params;
}

/**
 * The path of a request target: origin-form (`/a/b?q`) is resolved under a fixed origin, so `//host/x` stays a
 * path and never changes the host; absolute-form (`http://h/a`) yields its path. Anything else (`*`, authority
 * form, an unparsable URL) has no path and is answered 400.
 */
function targetPath(target: string): string | undefined {
  try {
    if (target.startsWith("/")) return new URL(`http://localhost${target}`).pathname;
    if (/^https?:\/\//i.test(target)) return new URL(target).pathname;
  } catch {
    return undefined;
  }
  return undefined;
}

/** Writes a small response with a content type. */
export function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = "text/plain; charset=utf-8",
): void {
  res.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(body);
}

const CLIENT_ERROR_STATUS: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

/** Answers what the HTTP parser refused (bad request line, bad chunk, oversized headers) and drops the socket. */
function answerClientError(logger: Logger, error: Error & { code?: string }, socket: Duplex): void {
  const code = error.code ?? "unknown";
  if (code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  logger.debug({ code, reason: error.message }, "refused a malformed HTTP request");
  const status = CLIENT_ERROR_STATUS[code] ?? "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  socket.destroy();
}

function route(
  routes: readonly HttpRoute[],
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const path = targetPath(req.url ?? "");
  if (path === undefined) {
    req.resume();
    send(res, 400, "bad request target: send an origin-form path such as /healthz");
    return;
  }
  const candidates: { r: HttpRoute; params: Record<string, string> }[] = [];
  for (const r of routes) {
    const params = matchPath(r.path, path);
    if (params === BAD_ESCAPE) {
      req.resume();
      send(res, 400, "bad percent-encoding in the path");
      return;
    }
    if (params !== undefined) candidates.push({ r, params });
  }
  const hit = candidates.find((c) => c.r.method === req.method);
  if (!hit) {
    req.resume();
    if (candidates.length > 0) {
      res.setHeader("allow", candidates.map((c) => c.r.method).join(", "));
      send(res, 405, "method not allowed");
      return;
    }
    send(res, 404, "not found");
    return;
  }
  // A request body stream that errors (client gone mid-body) must not become an unhandled 'error' event.
  req.on("error", (error) => logger.debug({ err: error, path }, "request stream failed"));
  const failed = (error: unknown): void => {
    // A client that hung up mid-body is no bug of klaxon's: keep it out of the error log.
    if (req.socket.destroyed) logger.debug({ err: error, path }, "client went away during the request");
    else logger.error({ err: error, path }, "request handler failed");
    if (!res.headersSent) send(res, 500, "internal error");
    else res.end();
  };
  try {
    Promise.resolve(hit.r.handler(req, res, hit.params)).catch(failed);
  } catch (error) {
    failed(error);
  }
}

/**
 * The one HTTP server klaxon runs: a tiny router over node:http. No request can stop the process: a target or
 * escape that does not parse gets 400, unknown paths 404, wrong methods 405, a handler that throws
 * (synchronously or not) 500 and a log line, and what the HTTP parser refuses a 400 and a closed socket.
 */
export function createHttpServer(routes: readonly HttpRoute[], logger: Logger): Server {
  return routedServer(() => routes, logger);
}

/** A server that may listen before its routes exist (`serve` hands them over once). */
export interface PendingHttpServer {
  readonly server: Server;
  serve(routes: readonly HttpRoute[]): void;
}

/**
 * The HTTP server, opened before the rest of klaxon is wired, so klaxon's own address is known while it is built
 * (the playground's runbook links point at it). Until `serve` every request is answered 503, which probes report
 * as not ready and SNS retries.
 */
export function createPendingHttpServer(logger: Logger): PendingHttpServer {
  let routes: readonly HttpRoute[] | undefined;
  return {
    server: routedServer(() => routes, logger),
    serve(ready) {
      routes = ready;
    },
  };
}

function routedServer(routesNow: () => readonly HttpRoute[] | undefined, logger: Logger): Server {
  const server = createServer((req, res) => {
    try {
      const routes = routesNow();
      if (routes === undefined) {
        req.resume();
        send(res, 503, "klaxon is starting; retry in a moment");
        return;
      }
      route(routes, logger, req, res);
    } catch (error) {
      logger.error({ err: error }, "request routing failed");
      if (!res.headersSent) send(res, 500, "internal error");
    }
  });
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveMs;
  server.headersTimeout = HTTP_TIMEOUTS.headersMs;
  server.requestTimeout = HTTP_TIMEOUTS.requestMs;
  server.on("clientError", (error: Error & { code?: string }, socket) =>
    answerClientError(logger, error, socket),
  );
  // klaxon is no proxy: without this listener node drops CONNECT requests without an answer.
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
    socket.end("HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    socket.destroy();
  });
  return server;
}
