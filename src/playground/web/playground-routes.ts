import type { ServerResponse } from "node:http";
import { type HttpRoute, send } from "../../http/create-http-server.js";
import { type Clock, systemClock } from "../../shared/clock.js";
import type { SlackEmulator } from "../slack-emulator/slack-emulator.js";
import { loadBrowserAssets } from "./browser-assets.js";
import { playgroundPageHtml } from "./page-html.js";
import { serveEvents } from "./playground-events.js";
import { type HandlerDeps, handleAction, handleAlarm, handleCommand } from "./playground-handlers.js";
import { hostAllowed, LOOPBACK_HOSTS, readJsonPost, sendJson, sendMisdirected } from "./playground-http.js";
import { findFile, playgroundState, SelectionMemory } from "./playground-state.js";

/** What the playground page needs from the running bot. */
export interface PlaygroundDeps {
  readonly emulator: SlackEmulator;
  /** Fires a sample alarm into the bot as if SNS delivered it (the lead implements it: parse → route → store → outbox). */
  readonly fireAlarm: (alarmMessage: object) => Promise<{ ok: boolean; detail: string }>;
  /** Sample alarms shown as buttons: each has an ALARM payload and its OK payload (CloudWatch SNS Message JSON). */
  readonly sampleAlarms: readonly { readonly name: string; readonly alarm: object; readonly ok: object }[];
  /** Example commands shown under the command box, e.g. "/trace 19e555d0-b349-11f0-9ee0-09606a1108f9". */
  readonly exampleCommands: readonly string[];
  readonly userId?: string; // default "U0PLAYGRND"
  /** Stamps fired sample alarms; defaults to the system clock. */
  readonly clock?: Clock;
  /**
   * Host names (no port) the routes answer to; others get 421. Defaults to {@link LOOPBACK_HOSTS}. When the
   * playground is bound to a non-loopback address, add the name people open it with, or `*` for any.
   */
  readonly allowedHosts?: readonly string[];
}

/** The Slack user id the page's person acts as, unless the deps name another. */
export const DEFAULT_PLAYGROUND_USER_ID = "U0PLAYGRND";

const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: http: https:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Types shown inline from `/playground/files/:id`; anything else downloads, so no upload runs as a page. */
const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp)|text\/plain|application\/json)$/;

function sendAsset(res: ServerResponse, body: string, type: string, csp?: string): void {
  res.writeHead(200, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...(csp === undefined ? {} : { "content-security-policy": csp }),
  });
  res.end(body);
}

/**
 * The local playground's HTTP routes, mounted on klaxon's own server in playground mode: `GET /` (the
 * Slack-like page), its stylesheets and script modules (`/playground/app.js` and what it imports, read once
 * from `browser/`), `GET /playground/state` (the emulated workspace as JSON),
 * `GET /playground/events` (Server-Sent Events on every emulator change), `GET /playground/files/:id`, and
 * `POST /playground/command|action|alarm`, which turn the page's typing and clicking into the signed
 * requests Slack would send the bot, or fire a sample alarm. Every POST body is size-capped, must be JSON
 * from this page's origin, and is validated with a message naming the wrong field.
 */
export function playgroundRoutes(deps: PlaygroundDeps): HttpRoute[] {
  const userId = deps.userId ?? DEFAULT_PLAYGROUND_USER_ID;
  const selections = new SelectionMemory();
  const handlerDeps: HandlerDeps = {
    emulator: deps.emulator,
    fireAlarm: deps.fireAlarm,
    sampleAlarms: deps.sampleAlarms,
    userId,
    clock: deps.clock ?? systemClock,
    selections,
  };
  const html = playgroundPageHtml({
    sampleNames: deps.sampleAlarms.map((s) => s.name),
    exampleCommands: deps.exampleCommands,
    userId,
    botUserId: deps.emulator.botUserId,
  });
  const assets = loadBrowserAssets();
  const post =
    (handler: (d: HandlerDeps, raw: string, res: ServerResponse) => Promise<void>): HttpRoute["handler"] =>
    async (req, res) => {
      const raw = await readJsonPost(req, res);
      if (raw !== undefined) await handler(handlerDeps, raw, res);
    };
  const allowedHosts = deps.allowedHosts ?? LOOPBACK_HOSTS;
  const routes: HttpRoute[] = [
    {
      method: "GET",
      path: "/",
      handler: (_req, res) => sendAsset(res, html, "text/html; charset=utf-8", PAGE_CSP),
    },
    ...assets.map(
      (asset): HttpRoute => ({
        method: "GET",
        path: asset.path,
        handler: (_req, res) => sendAsset(res, asset.body, asset.type),
      }),
    ),
    {
      method: "GET",
      path: "/playground/state",
      handler: (_req, res) => sendJson(res, 200, playgroundState(deps.emulator, userId, selections)),
    },
    {
      method: "GET",
      path: "/playground/events",
      handler: (req, res) => serveEvents(deps.emulator, req, res),
    },
    {
      method: "GET",
      path: "/playground/files/:id",
      handler: (_req, res, params) => {
        const id = params.id ?? "";
        const file = findFile(deps.emulator, id);
        const content = deps.emulator.fileContent(id);
        if (file === undefined || content === undefined) return send(res, 404, "no such file");
        const inline = INLINE_TYPES.test(file.mimetype);
        res.writeHead(200, {
          "content-type": inline ? file.mimetype : "application/octet-stream",
          "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          "content-security-policy": "default-src 'none'; sandbox",
          "x-content-type-options": "nosniff",
          "cache-control": "no-store",
        });
        res.end(content);
      },
    },
    { method: "POST", path: "/playground/command", handler: post(handleCommand) },
    { method: "POST", path: "/playground/action", handler: post(handleAction) },
    { method: "POST", path: "/playground/alarm", handler: post(handleAlarm) },
  ];
  return routes.map((r) => ({
    ...r,
    handler: (req, res, params) => {
      if (hostAllowed(req.headers.host, allowedHosts)) return r.handler(req, res, params);
      req.resume();
      sendMisdirected(res, req.headers.host, allowedHosts);
    },
  }));
}
