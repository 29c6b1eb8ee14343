import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/** Options of {@link createNodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /** Used when the caller passes no `signal`: a call that hangs longer than this is given up. */
  readonly timeoutMs?: number;
  /** An answer larger than this (after decompression) is refused rather than held in memory. */
  readonly maxResponseBytes?: number;
  /** Calls this client does not carry (multipart and stream bodies, `Request` objects); `fetch` by default. */
  readonly fallback?: typeof fetch;
}

/** A `fetch` with kept-alive connections of its own, to close at shutdown. */
export type NodeHttpFetch = typeof fetch & { close(): void };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 20;
const STATUSES_WITHOUT_BODY = new Set([101, 204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Headers fetch drops when a redirect leaves the origin that was asked.
const ORIGIN_BOUND_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/** The response headers, read the way `Headers` reads them (names in any case, repeated values joined). */
class ResponseHeaderList {
  readonly #values: Map<string, string>;
  readonly #setCookies: string[];

  constructor(raw: IncomingMessage["headers"]) {
    this.#values = new Map();
    this.#setCookies = [];
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      if (name === "set-cookie" && Array.isArray(value)) this.#setCookies.push(...value);
      this.#values.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return [...this.#setCookies];
  }

  forEach(fn: (value: string, name: string, headers: ResponseHeaderList) => void): void {
    for (const [name, value] of this.entries()) fn(value, name, this);
  }

  entries(): IterableIterator<[string, string]> {
    return [...this.#values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    return [...this.entries()].map(([name]) => name)[Symbol.iterator]();
  }

  values(): IterableIterator<string> {
    return [...this.entries()].map(([, value]) => value)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** An answer read to its end: what the Slack clients read of a `Response` (status, headers, body once). */
class NodeHttpResponse {
  readonly type = "basic";
  readonly body = null;
  #bodyUsed = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: ResponseHeaderList,
    readonly url: string,
    readonly redirected: boolean,
    readonly content: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#bodyUsed;
  }

  #take(): Buffer {
    if (this.#bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    this.#bodyUsed = true;
    return this.content;
  }

  async text(): Promise<string> {
    return this.#take().toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.#take().toString("utf8"));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(this.#take());
  }
}

/** A network failure the way `fetch` reports one: `TypeError("fetch failed")`, the reason in `cause`. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}

/** The request body as bytes, or `undefined` when it is of a kind only `fetch` carries. */
function bodyBytes(body: RequestInit["body"]): { bytes: Buffer; type?: string } | undefined {
  if (body === undefined || body === null) return { bytes: Buffer.alloc(0) };
  if (typeof body === "string") return { bytes: Buffer.from(body, "utf8") };
  if (body instanceof URLSearchParams)
    return { bytes: Buffer.from(body.toString()), type: "application/x-www-form-urlencoded;charset=UTF-8" };
  if (body instanceof Uint8Array)
    return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body) };
  return undefined;
}

/**
 * The request headers as a plain record with lower-case names, or `undefined` for a form it does not know. A
 * `Headers` object is recognised by its methods: naming the global `Headers` would load `fetch` itself.
 */
function headerRecord(headers: RequestInit["headers"]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      const [name, value] = pair;
      if (name === undefined || value === undefined) return undefined;
      out[name.toLowerCase()] = value;
    }
    return out;
  }
  const maybeHeaders = headers as { forEach?: unknown };
  if (typeof maybeHeaders.forEach === "function") {
    (headers as { forEach(fn: (value: string, name: string) => void): void }).forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string>)) {
    out[name.toLowerCase()] = String(value);
  }
  return out;
}

/** The answer's body stream, decoded when the server compressed it. */
function decoded(res: IncomingMessage): Readable {
  const encoding = (res.headers["content-encoding"] ?? "").trim().toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return res.pipe(createGunzip());
  if (encoding === "deflate") return res.pipe(createInflate());
  if (encoding === "br") return res.pipe(createBrotliDecompress());
  return res;
}

interface Attempt {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * A `fetch` for the Slack clients (the Web API, Bolt's `respond()`, `response_url` answers) over Node's own HTTP
 * client with kept-alive connections. On Node 20 the built-in `fetch` loads its own HTTP stack at the first call
 * (about 40 ms of CPU and 7.5 MiB of memory that stay) and spends several times the CPU of a plain request on
 * each call (request and stream objects, body cloning), which a burst of Slack posts or command answers pays on
 * the event loop. This carries string, form and byte bodies and follows `fetch`'s contract where the clients
 * read it: network failures reject with `TypeError("fetch failed")` and the reason in `cause`, an aborted
 * `signal` rejects with its reason, `redirect: "error"` refuses a redirect, compressed answers are decoded.
 * Anything else (multipart uploads, stream bodies, `Request` objects) goes to `fallback`, the real `fetch`.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): NodeHttpFetch {
  const agents = {
    "http:": new HttpAgent({ keepAlive: true, timeout: 4_000 }),
    "https:": new HttpsAgent({ keepAlive: true, timeout: 4_000 }),
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const fallback: typeof fetch = options.fallback ?? ((input, init) => globalThis.fetch(input, init));

  const once = (attempt: Attempt, signal: AbortSignal) =>
    new Promise<{ res: IncomingMessage; content: Buffer }>((resolve, reject) => {
      const protocol = attempt.url.protocol === "https:" ? "https:" : "http:";
      const send = protocol === "https:" ? httpsRequest : httpRequest;
      const headers = { ...attempt.headers };
      if (attempt.body.length > 0 || attempt.method !== "GET")
        headers["content-length"] = String(attempt.body.length);
      const req = send(attempt.url, { method: attempt.method, agent: agents[protocol], headers });
      const onAbort = () => {
        req.destroy();
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const settle = () => signal.removeEventListener("abort", onAbort);
      req.on("error", (error) => {
        settle();
        reject(signal.aborted ? signal.reason : fetchFailed(error));
      });
      req.on("response", (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (STATUSES_WITHOUT_BODY.has(status) || attempt.method === "HEAD") {
          res.resume();
          res.on("end", () => {
            settle();
            resolve({ res, content: Buffer.alloc(0) });
          });
          return;
        }
        const stream = decoded(res);
        const chunks: Buffer[] = [];
        let size = 0;
        const fail = (error: unknown) => {
          settle();
          req.destroy();
          reject(signal.aborted ? signal.reason : fetchFailed(error));
        };
        stream.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            fail(new Error(`the answer from ${attempt.url.host} is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        stream.on("error", fail);
        if (stream !== res) res.on("error", fail);
        stream.on("end", () => {
          settle();
          resolve({ res, content: Buffer.concat(chunks, size) });
        });
      });
      req.end(attempt.body);
    });

  const nodeFetch = async (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const body = bodyBytes(init.body);
    const headers = headerRecord(init.headers);
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : undefined;
    if (body === undefined || headers === undefined || href === undefined) return fallback(input, init);
    let url: URL;
    try {
      url = new URL(href);
    } catch (error) {
      throw new TypeError(`Failed to parse URL from ${href}`, { cause: error });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw fetchFailed(new Error(`only http(s) URLs can be fetched, got ${url.protocol}`));
    if (body.type !== undefined && headers["content-type"] === undefined) headers["content-type"] = body.type;
    headers["accept-encoding"] ??= "gzip, deflate, br";
    headers.accept ??= "*/*";
    const signal = init.signal ?? AbortSignal.timeout(timeoutMs);
    if (signal.aborted) throw signal.reason;

    let attempt: Attempt = { url, method: (init.method ?? "GET").toUpperCase(), headers, body: body.bytes };
    for (let redirects = 0; ; redirects++) {
      const { res, content } = await once(attempt, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      const mode = init.redirect ?? "follow";
      if (!REDIRECTS.has(status) || location === undefined || mode === "manual") {
        const answer = new NodeHttpResponse(
          status,
          res.statusMessage ?? "",
          new ResponseHeaderList(res.headers),
          attempt.url.href,
          redirects > 0,
          content,
        );
        // It carries every member of `Response` the Slack clients read (status, headers, the body once).
        return answer as unknown as Response;
      }
      if (mode === "error") throw fetchFailed(new Error(`unexpected redirect to ${location}`));
      if (redirects >= MAX_REDIRECTS) throw fetchFailed(new Error("redirect count exceeded"));
      const next = new URL(location, attempt.url);
      const nextHeaders = { ...attempt.headers };
      if (next.origin !== attempt.url.origin)
        for (const name of ORIGIN_BOUND_HEADERS) delete nextHeaders[name];
      // As fetch does: 303, and 301/302 after a POST, continue as a GET without the body.
      const toGet = status === 303 || ((status === 301 || status === 302) && attempt.method === "POST");
      if (toGet) {
        delete nextHeaders["content-type"];
        delete nextHeaders["content-length"];
      }
      attempt = {
        url: next,
        method: toGet && attempt.method !== "HEAD" ? "GET" : attempt.method,
        headers: nextHeaders,
        body: toGet ? Buffer.alloc(0) : attempt.body,
      };
    }
  };

  return Object.assign(nodeFetch as typeof fetch, {
    close: () => {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  });
}
