import { Agent, request } from "node:http";

/** The result of pushing a list of bodies through one endpoint. */
export interface LoadResult {
  readonly statuses: readonly number[];
  /** Per-request latency in ms, in body order. */
  readonly latencies: readonly number[];
  /** `performance.now()`-based wall time from the first send to the last answer. */
  readonly elapsedMs: number;
  /** `Date.now()` just before each request was sent, in body order (to compare with other clocks). */
  readonly sentAt: readonly number[];
}

function postOnce(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A keep-alive client for one URL: `post(body)` resolves with the HTTP status (-1 on a connection error). */
export function createPoster(
  url: string,
  maxSockets: number,
  headers: Record<string, string> = { "content-type": "text/plain; charset=UTF-8" },
): { post(body: string): Promise<number>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const target = new URL(url);
  return {
    post: (body) => postOnce(agent, target, body, headers).catch(() => -1),
    close: () => agent.destroy(),
  };
}

/**
 * POSTs every body to `url` with `concurrency` keep-alive clients working through the list in order, the same
 * way for klaxon and for the hello-world baseline so the ratio compares servers, not clients.
 */
export async function postAll(
  url: string,
  bodies: readonly string[],
  concurrency: number,
  headers: Record<string, string> = { "content-type": "text/plain; charset=UTF-8" },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const statuses = new Array<number>(bodies.length).fill(0);
  const latencies = new Array<number>(bodies.length).fill(0);
  const sentAt = new Array<number>(bodies.length).fill(0);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      sentAt[i] = Date.now();
      const t = performance.now();
      statuses[i] = await postOnce(agent, target, bodies[i] ?? "", headers).catch(() => -1);
      latencies[i] = performance.now() - t;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { statuses, latencies, elapsedMs, sentAt };
}
