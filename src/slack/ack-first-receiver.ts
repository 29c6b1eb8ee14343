import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQueryString } from "node:querystring";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import type { RouteHandler } from "../http/create-http-server.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { MAX_SLACK_BODY_BYTES } from "./slack-request-guard.js";

/** Slack refuses clock skew beyond five minutes; older requests are replays. */
const MAX_SLACK_PAST_SKEW_SECONDS = 5 * 60;

/** What Bolt's HTTP receiver allows a listener to take before it answers 404 for an unacknowledged request. */
const UNACKED_TIMEOUT_MS = 3001;

const FORM = "application/x-www-form-urlencoded";

/** A parsed Slack request body: form fields, an interaction `payload`, or an Events API envelope. */
type SlackBody = Record<string, unknown>;

/** What the receiver needs; `postToResponseUrl` defaults to a JSON POST through `fetch` (the global one by default). */
export interface AckFirstReceiverDeps {
  readonly signingSecret: string;
  /** The past side of the timestamp window is checked on this clock (the guard checks the future side). */
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
  readonly postToResponseUrl?: (url: string, message: SlackBody) => Promise<void>;
  readonly fetch?: typeof fetch;
  /** How long a listener that must answer in its ack (a view submission) may take; 3,001 ms as in Bolt. */
  readonly unackedTimeoutMs?: number;
}

/** Answers before the listener runs: commands, button clicks and events, whose ack carries no meaning. */
export function acksFirst(body: SlackBody): boolean {
  if (typeof body.command === "string") return true;
  if (body.type === "block_actions") return true;
  if (body.type === "event_callback") {
    // A function_executed event is acknowledged by its listener (Bolt gives it `ack`).
    const event = body.event as { type?: unknown } | undefined;
    return event?.type !== "function_executed";
  }
  return false;
}

function readRaw(req: IncomingMessage, maxBytes: number): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off("data", onData);
        req.resume();
        resolve("too_large");
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    req.once("error", reject);
    // A client that hangs up mid-body; after "end" this changes nothing.
    req.once("close", () => reject(new Error("the request closed before its body ended")));
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || body === "" || body === null) {
    res.writeHead(status, { "content-length": "0" });
    res.end();
  } else if (typeof body === "string") {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
    res.end(body);
  } else {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

/**
 * Slack's v0 signature check, as Bolt does it: a single numeric timestamp no more than five minutes old, the
 * `v0=` scheme, and the hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` compared in constant time.
 */
export function verifySlackSignature(
  signingSecret: string,
  headers: { readonly timestamp: string | undefined; readonly signature: string | undefined },
  raw: Buffer,
  nowMs: number,
): boolean {
  const stamp = Number(headers.timestamp);
  if (signingSecret === "" || headers.timestamp === undefined || !Number.isFinite(stamp)) return false;
  if (stamp < Math.floor(nowMs / 1000) - MAX_SLACK_PAST_SKEW_SECONDS) return false;
  const signature = headers.signature;
  if (signature === undefined || !signature.startsWith("v0=")) return false;
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`v0:${stamp}:`);
  hmac.update(raw);
  const expected = Buffer.from(hmac.digest("hex"));
  const given = Buffer.from(signature.slice(3));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseBody(raw: Buffer, contentType: string | undefined, form: SlackBody | undefined): SlackBody {
  if (form !== undefined) {
    const payload = form.payload;
    return typeof payload === "string" ? (JSON.parse(payload) as SlackBody) : form;
  }
  const parsed: unknown = JSON.parse(raw.toString("utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`expected a JSON object (${contentType ?? "no content-type"})`);
  }
  return parsed as SlackBody;
}

function retryHeaders(req: IncomingMessage): Pick<ReceiverEvent, "retryNum" | "retryReason"> {
  const num = header(req, "x-slack-retry-num");
  const reason = header(req, "x-slack-retry-reason");
  return {
    ...(num !== undefined && { retryNum: Number.parseInt(num, 10) }),
    ...(reason !== undefined && { retryReason: reason }),
  };
}

/**
 * A Bolt receiver for klaxon's own HTTP server that does before the ack only what must happen first: read the
 * body (at most 1 MiB, else 413), answer `ssl_check`, verify the signature (401), parse the body once (400),
 * answer `url_verification`. Slash commands, block actions and events are then acknowledged with an empty 200
 * and handed to Bolt on the next turn of the event loop, so a burst of commands is acknowledged before any of
 * their listeners runs (their answers go through `response_url`; an ack a command listener sends with a message
 * is forwarded there, as Slack would show it). Everything else (view submissions, options, shortcuts) waits
 * for its listener's `ack`, which may carry a body, and gets 404 after 3 s without one, as with Bolt's own
 * receiver. Requests dated in the future and declared oversized bodies are refused before this by
 * `guardSlackRequests`.
 */
export class AckFirstReceiver implements Receiver {
  private app: App | undefined;
  /** Acknowledged events whose listeners have not started yet, oldest first. */
  private readonly acked: { readonly event: ReceiverEvent; wasAcked(): boolean }[] = [];
  readonly handler: RouteHandler;

  constructor(private readonly deps: AckFirstReceiverDeps) {
    this.handler = (req, res) => this.handle(req, res);
  }

  init(app: App): void {
    this.app = app;
  }

  /** klaxon's HTTP server serves the route; there is nothing to listen on here. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.deps;
    const raw = await readRaw(req, this.deps.maxBodyBytes ?? MAX_SLACK_BODY_BYTES);
    if (raw === "too_large") {
      logger.warn(
        { maxBytes: this.deps.maxBodyBytes ?? MAX_SLACK_BODY_BYTES },
        "refused a Slack request larger than the body limit",
      );
      answer(res, 413);
      return;
    }
    const contentType = header(req, "content-type");
    // The media type alone, as HTTP compares it: `application/x-www-form-urlencoded; charset=utf-8` is a form too.
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
    const form = mediaType === FORM ? (parseQueryString(raw.toString("utf8")) as SlackBody) : undefined;
    // Slack's certificate check is unsigned; it carries nothing to act on.
    if (form?.ssl_check === "1") {
      answer(res, 200);
      return;
    }
    const signed = verifySlackSignature(
      this.deps.signingSecret,
      { timestamp: header(req, "x-slack-request-timestamp"), signature: header(req, "x-slack-signature") },
      raw,
      this.deps.clock().getTime(),
    );
    if (!signed) {
      logger.warn(
        "refused a Slack request with a missing, stale or wrong signature; if Slack's own requests are refused, check SLACK_SIGNING_SECRET and this host's clock (NTP)",
      );
      answer(res, 401);
      return;
    }
    let body: SlackBody;
    try {
      body = parseBody(raw, contentType, form);
    } catch (error) {
      logger.warn({ err: error }, "refused a signed Slack request whose body does not parse");
      answer(res, 400);
      return;
    }
    if (body.type === "url_verification") {
      answer(res, 200, { challenge: body.challenge });
      return;
    }
    if (acksFirst(body)) this.ackThenDispatch(req, res, body);
    else this.dispatchThenAck(req, res, body);
  }

  private ackThenDispatch(req: IncomingMessage, res: ServerResponse, body: SlackBody): void {
    answer(res, 200);
    this.acked.push(
      ackOnce(req, body, async (response) => {
        if (response === undefined || response === "") return;
        await this.forwardLateAck(body, response);
      }),
    );
    if (this.acked.length === 1) setImmediate(this.startNext);
  }

  /**
   * Starts the oldest acknowledged event's listeners, one per turn of the event loop: between two, node reads
   * the requests that arrived meanwhile and writes their acks, so a burst of commands is acknowledged before
   * most of their listeners (Bolt's middleware, the answer's request) take the CPU.
   */
  private readonly startNext = (): void => {
    const next = this.acked.shift();
    if (this.acked.length > 0) setImmediate(this.startNext);
    if (next === undefined) return;
    const { logger } = this.deps;
    this.process(next.event).then(
      () => {
        if (next.wasAcked()) return;
        // Bolt's own receiver would have answered 404 after 3 s; Slack got its 200 already.
        const body = next.event.body;
        logger.warn(
          { command: body.command, type: body.type },
          "no listener acknowledged a Slack request; check that the command or action is registered",
        );
      },
      (error: unknown) => {
        // The app's error handler has logged it; the request was answered already.
        logger.debug({ err: error }, "a Slack listener failed after its request was acknowledged");
      },
    );
  };

  private dispatchThenAck(req: IncomingMessage, res: ServerResponse, body: SlackBody): void {
    const timer = setTimeout(() => {
      if (wasAcked()) return;
      this.deps.logger.error(
        { type: body.type },
        "a Slack request was not acknowledged within 3 seconds; check that its listener calls ack()",
      );
      answer(res, 404);
    }, this.deps.unackedTimeoutMs ?? UNACKED_TIMEOUT_MS);
    const { event, wasAcked } = ackOnce(req, body, async (response) => {
      clearTimeout(timer);
      answer(res, 200, response);
    });
    this.process(event).catch((error: unknown) => {
      clearTimeout(timer);
      // After a 500 (or the time-out's 404) `answer` writes nothing more, whatever a late ack() sends.
      if (wasAcked() || res.headersSent) {
        this.deps.logger.debug({ err: error }, "a Slack listener failed after its request was acknowledged");
        return;
      }
      const unauthorized = (error as { code?: unknown }).code === "slack_bolt_authorization_error";
      this.deps.logger.error({ err: error }, "a Slack listener failed before acknowledging its request");
      answer(res, unauthorized ? 401 : 500);
    });
  }

  private process(event: ReceiverEvent): Promise<void> {
    if (this.app === undefined) return Promise.reject(new Error("AckFirstReceiver used before App.init"));
    return this.app.processEvent(event);
  }

  /** Slack shows a command's ack body as a message to the user; after an early ack it goes to `response_url`. */
  private async forwardLateAck(body: SlackBody, response: unknown): Promise<void> {
    const url = body.response_url;
    if (typeof url !== "string" || typeof body.command !== "string") {
      this.deps.logger.debug({ type: body.type }, "dropped an ack body Slack would not show");
      return;
    }
    const message = typeof response === "string" ? { text: response } : (response as SlackBody);
    if (this.deps.postToResponseUrl !== undefined) await this.deps.postToResponseUrl(url, message);
    else await postJson(this.deps.fetch ?? globalThis.fetch, url, message);
  }
}

/** Bolt's event for a request, whose `ack` runs `onAck` once and refuses a second call. */
function ackOnce(
  req: IncomingMessage,
  body: SlackBody,
  onAck: (response?: unknown) => Promise<void>,
): { event: ReceiverEvent; wasAcked: () => boolean } {
  let acked = false;
  const event: ReceiverEvent = {
    body,
    ...retryHeaders(req),
    customProperties: {},
    ack: async (response?: unknown) => {
      if (acked) throw new Error("ack() was called more than once for one Slack request");
      acked = true;
      await onAck(response);
    },
  };
  return { event, wasAcked: () => acked };
}

async function postJson(fetchFn: typeof fetch, url: string, message: SlackBody): Promise<void> {
  const res = await fetchFn(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`response_url answered ${res.status}; the command's answer was not shown`);
}
