import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split("/");
  const a = path.split("/");
  if (p.length !== a.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] ?? "";
    const val = a[i] ?? "";
    if (seg.startsWith(":")) {
      if (val === "") return undefined;
      params[seg.slice(1)] = decodeURIComponent(val);
    } else if (seg !== val) return undefined;
  }
  return params;
}

/** Writes a small response with a content type. */
export function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = "text/plain; charset=utf-8",
): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

/**
 * The one HTTP server klaxon runs: a tiny router over node:http. Unknown paths get 404, wrong methods 405, and a
 * handler that throws gets a 500 without taking the process down.
 */
export function createHttpServer(routes: readonly HttpRoute[], logger: Logger): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const candidates = routes
      .map((r) => ({ r, params: matchPath(r.path, url.pathname) }))
      .filter((c): c is { r: HttpRoute; params: Record<string, string> } => c.params !== undefined);
    const hit = candidates.find((c) => c.r.method === req.method);
    if (!hit) {
      req.resume();
      if (candidates.length > 0) {
        res.setHeader("allow", candidates.map((c) => c.r.method).join(", "));
        return send(res, 405, "method not allowed");
      }
      return send(res, 404, "not found");
    }
    Promise.resolve(hit.r.handler(req, res, hit.params)).catch((error: unknown) => {
      logger.error({ err: error, path: url.pathname }, "request handler failed");
      if (!res.headersSent) send(res, 500, "internal error");
      else res.end();
    });
  });
}
