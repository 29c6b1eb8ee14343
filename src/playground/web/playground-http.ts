import type { IncomingMessage, ServerResponse } from "node:http";
import { send } from "../../http/create-http-server.js";
import { readBody } from "../../http/read-body.js";

/** The largest JSON body the playground accepts; its requests are a few hundred bytes. */
export const MAX_PLAYGROUND_BODY_BYTES = 16 * 1024;

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), "application/json; charset=utf-8");
}

/** Answers a refused request with `{ok: false, detail}`, which the page shows as is. */
export function sendError(res: ServerResponse, status: number, detail: string): void {
  sendJson(res, status, { ok: false, detail });
}

/**
 * Reads a playground POST body, refusing what a cross-site page could send: a non-JSON content type (a form
 * or `text/plain` POST needs no CORS preflight) or a foreign `Origin`. Answers the refusal itself and
 * returns `undefined`; otherwise returns the raw body.
 */
export async function readJsonPost(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  const type = String(req.headers["content-type"] ?? "");
  if (!/^application\/json\b/i.test(type)) {
    req.resume();
    sendError(res, 415, "send the body as JSON with content-type: application/json");
    return undefined;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && safeHost(origin) !== req.headers.host) {
    req.resume();
    sendError(res, 403, `requests from ${origin} are not allowed; use the playground page itself`);
    return undefined;
  }
  const body = await readBody(req, MAX_PLAYGROUND_BODY_BYTES);
  if (!body.ok) {
    sendError(res, 413, `the request body is larger than ${MAX_PLAYGROUND_BODY_BYTES} bytes`);
    return undefined;
  }
  return body.value;
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/** The names a browser on this machine uses for the playground; anything else may be a DNS-rebinding page. */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The host names the playground answers to when bound to `bindHost` (e.g. `KLAXON_PLAYGROUND_HOST`): the loopback
 * names, plus `bindHost` itself when it is one specific address (IPv6 literals in brackets, as browsers send them).
 * A wildcard bind (`0.0.0.0`, `::`) adds nothing: a container's published port is opened as `localhost` on the
 * host; to reach it under another name, pass that name (or `*`) to the routes explicitly.
 */
export function playgroundAllowedHosts(bindHost: string | undefined): readonly string[] {
  if (bindHost === undefined || bindHost === "" || bindHost === "0.0.0.0" || bindHost === "::") {
    return LOOPBACK_HOSTS;
  }
  const name = bindHost.includes(":") && !bindHost.startsWith("[") ? `[${bindHost}]` : bindHost;
  return LOOPBACK_HOSTS.includes(name.toLowerCase())
    ? LOOPBACK_HOSTS
    : [...LOOPBACK_HOSTS, name.toLowerCase()];
}

// A name or a bracketed IPv6 literal, then an optional port; bounded, no nested quantifiers.
const HOST_HEADER = /^(\[[0-9a-f:.]{2,45}\]|[^:[\]]{1,253})(?::(\d{1,5}))?$/;

/**
 * Whether a `Host` header names one of `allowed` (host names without port, compared case-insensitively; `*`
 * allows any). A page on another site whose name an attacker re-points at 127.0.0.1 (DNS rebinding) reaches the
 * playground with its own name in `Host`, so checking the name keeps such pages out.
 */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes("*")) return true;
  const name = HOST_HEADER.exec((host ?? "").toLowerCase())?.[1];
  return name !== undefined && allowed.some((a) => a.toLowerCase() === name);
}

/** Answers a request addressed to a name the playground does not answer to. */
export function sendMisdirected(
  res: ServerResponse,
  host: string | undefined,
  allowed: readonly string[],
): void {
  send(
    res,
    421,
    `The klaxon playground answers only requests addressed to ${allowed.join(", ")}; this one was addressed to "${(host ?? "").slice(0, 100)}" and is refused, since a web page on another site can reach a local server under its own name (DNS rebinding). Open http://localhost:<port>/ instead.`,
  );
}

/** A short, single-line description of an unexpected failure for the page's status line. */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${message}${cause}`.replace(/\s+/g, " ").slice(0, 300);
}
