import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../../shared/clock.js";
import { emulatorMethods } from "./emulator-methods.js";
import type { EmulatorState } from "./emulator-state.js";
import type { JsonObject, RecordedCall } from "./emulator-types.js";
import type { AnswerFault, FaultInjector, StatusFault } from "./fault-injector.js";
import { acceptUpload } from "./file-methods.js";
import { errorBody, presentArg } from "./method-args.js";
import type { ChannelRateLimiter } from "./rate-limiter.js";
import { parseBody, readRawBody, recordedArgs, tokenOf } from "./request-body.js";
import type { ResponseUrls } from "./response-urls.js";

/** Pseudo method names under which non-API calls are recorded and can be failed with `failNext`. */
export const UPLOAD_CALL = "files.upload_url";
export const RESPONSE_URL_CALL = "response_url";

/** Everything the HTTP layer of the emulator routes to. */
export interface RouterDeps {
  readonly state: EmulatorState;
  readonly responseUrls: ResponseUrls;
  readonly faults: FaultInjector;
  readonly limiter: ChannelRateLimiter | undefined;
  readonly botToken: string;
  readonly clock: Clock;
  readonly baseUrl: () => string;
  readonly record: (call: RecordedCall) => void;
  /** Runs `fn` after `ms` unless the emulator closes first (late answers must not outlive it). */
  readonly later: (ms: number, fn: () => void) => void;
}

interface Reply {
  readonly status: number;
  readonly body: JsonObject | string | Buffer;
  readonly headers?: Record<string, string>;
  readonly contentType?: string;
  /** The call was carried out; its answer is disturbed so. */
  readonly disturb?: AnswerFault;
}

const FAULT_ERRORS: Readonly<Record<StatusFault["status"], string>> = {
  429: "ratelimited",
  500: "internal_error",
  503: "service_unavailable",
};

function faultReply(fault: StatusFault): Reply {
  const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
  return {
    status: fault.status,
    body: errorBody(FAULT_ERRORS[fault.status]),
    ...(retryAfter === undefined ? {} : { headers: { "retry-after": String(retryAfter) } }),
  };
}

function send(response: ServerResponse, reply: Reply): void {
  const { body } = reply;
  const isText = typeof body === "string";
  response.writeHead(reply.status, {
    "content-type":
      reply.contentType ?? (isText ? "text/plain; charset=utf-8" : "application/json; charset=utf-8"),
    ...reply.headers,
  });
  response.end(typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

function recordReply(deps: RouterDeps, method: string, args: JsonObject, reply: Reply): void {
  const body = typeof reply.body === "string" || Buffer.isBuffer(reply.body) ? undefined : reply.body;
  const ok = reply.status === 200 && (body === undefined || body.ok === true);
  const error = body !== undefined && typeof body.error === "string" ? body.error : undefined;
  deps.record({
    method,
    args,
    at: deps.clock(),
    status: reply.status,
    ok,
    ...(error === undefined ? {} : { error }),
  });
}

function callMethod(deps: RouterDeps, method: string, args: JsonObject, token: string | undefined): Reply {
  const handler = emulatorMethods.get(method);
  if (handler === undefined) return { status: 200, body: errorBody("unknown_method") };
  if (token === undefined || token === "") return { status: 200, body: errorBody("not_authed") };
  if (token !== deps.botToken) return { status: 200, body: errorBody("invalid_auth") };
  if (method === "chat.postMessage" && deps.limiter !== undefined) {
    const retryAfter = deps.limiter.admit(deps.state.channelNameFor(presentArg(args, "channel") ?? ""));
    if (retryAfter !== undefined) return faultReply({ status: 429, retryAfter });
  }
  return { status: 200, body: handler(args, { state: deps.state, baseUrl: deps.baseUrl() }) };
}

async function route(
  deps: RouterDeps,
  request: IncomingMessage,
  path: string,
  query: URLSearchParams,
): Promise<Reply> {
  const fileMatch = /^\/files\/([A-Za-z0-9]+)$/.exec(path);
  if (request.method === "GET" && fileMatch?.[1] !== undefined) {
    const stored = deps.state.file(fileMatch[1]);
    if (stored?.content === undefined) return { status: 404, body: "file_not_found" };
    return { status: 200, body: stored.content, contentType: stored.file.mimetype };
  }
  const raw = await readRawBody(request);
  const parsed = await parseBody(raw, request.headers["content-type"] ?? "", query);
  const args = recordedArgs(parsed.fields);
  const [, area, name = ""] = /^\/(api|upload|response)\/([^/]+)$/.exec(path) ?? [];
  const method =
    area === "api" ? name : area === "upload" ? UPLOAD_CALL : area === "response" ? RESPONSE_URL_CALL : "";
  if (method === "") return { status: 404, body: "not_found" };
  const fault = deps.faults.take(method);
  const refusal = fault !== undefined && "status" in fault ? fault : undefined;
  const disturb = fault !== undefined && "answer" in fault ? fault : undefined;
  const reply = ((): Reply => {
    if (refusal !== undefined) return faultReply(refusal);
    if (area === "upload") {
      const content = parsed.files[0] ?? raw;
      const accepted = acceptUpload(deps.state, name, content);
      return accepted
        ? { status: 200, body: `OK - ${content.length}` }
        : { status: 404, body: "file_not_found" };
    }
    if (area === "response") {
      return deps.responseUrls.deliver(name, parsed.fields, "response_url");
    }
    return callMethod(deps, method, args, tokenOf(request, parsed.fields));
  })();
  recordReply(deps, method, area === "upload" ? { size: (parsed.files[0] ?? raw).length } : args, reply);
  return disturb === undefined ? reply : { ...reply, disturb };
}

/**
 * The emulator's HTTP entry point: `POST|GET /api/<method>` (Web API), `POST /upload/<file id>` (v2 upload
 * URL), `POST /response/<id>` (response_url) and `GET /files/<id>` (file bytes for the playground page).
 * Every call, rejected ones included, is recorded; an unexpected error answers 500 `internal_error`. A scripted
 * answer fault carries the call out, then answers late or destroys the connection.
 */
export function createRequestHandler(
  deps: RouterDeps,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    // Resolved under a fixed origin: `//x` stays a path, and a target that does not parse is a 400, not a crash.
    const target = `http://emulator.invalid${request.url ?? ""}`;
    const url = request.url?.startsWith("/") && URL.canParse(target) ? new URL(target) : undefined;
    if (url === undefined) {
      request.resume();
      send(response, { status: 400, body: "bad_request_target" });
      return;
    }
    route(deps, request, url.pathname, url.searchParams).then(
      (reply) => {
        if (reply.disturb?.answer === "reset") request.socket.destroy();
        else if (reply.disturb?.answer === "late")
          deps.later(reply.disturb.delayMs, () => {
            if (!response.destroyed) send(response, reply);
          });
        else send(response, reply);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        send(response, { status: 500, body: errorBody("internal_error", { detail: message }) });
      },
    );
  };
}
