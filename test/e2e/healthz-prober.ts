import { Worker } from "node:worker_threads";

/** What the prober saw: one latency per probe, in ms, and any probe that did not answer 200. */
export interface ProbeReport {
  readonly latenciesMs: readonly number[];
  readonly failures: readonly string[];
  readonly maxMs: number;
}

export interface HealthzProber {
  /** Stops probing and returns what was seen. */
  stop(): Promise<ProbeReport>;
}

// Plain JavaScript, run in its own thread: its timers and sockets do not share the event loop under test, so a
// stalled loop shows up as a slow answer instead of as a probe that was never sent.
const PROBER = `
const { parentPort, workerData } = require("node:worker_threads");
let stopping = false;
parentPort.on("message", () => { stopping = true; });
(async () => {
  // The first fetch in a thread loads the HTTP client itself: keep that out of the figures.
  await (await fetch(workerData.url)).text();
  parentPort.postMessage("ready");
  const latencies = [];
  const failures = [];
  const start = performance.now();
  for (let k = 0; !stopping; k++) {
    const wait = start + k * workerData.everyMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    try {
      const res = await fetch(workerData.url);
      await res.text();
      if (res.status !== 200) failures.push("status " + res.status);
    } catch (error) {
      failures.push(String(error));
    }
    latencies.push(performance.now() - sent);
  }
  parentPort.postMessage({ latencies, failures });
})();
`;

/**
 * Starts probing `url` every `everyMs` from a separate thread, each probe after the previous one answered;
 * resolves once the prober is warm and the first timed probe is due.
 */
export async function startHealthzProber(url: string, everyMs = 100): Promise<HealthzProber> {
  const worker = new Worker(PROBER, { eval: true, workerData: { url, everyMs } });
  const messages: unknown[] = [];
  let wake: (() => void) | undefined;
  worker.on("message", (m) => {
    messages.push(m);
    wake?.();
  });
  const next = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const take = () => {
        if (messages.length === 0) return false;
        resolve(messages.shift());
        return true;
      };
      if (take()) return;
      wake = () => {
        if (take()) wake = undefined;
      };
      worker.once("error", reject);
    });
  await next();
  const done = next() as Promise<{ latencies: number[]; failures: string[] }>;
  return {
    async stop() {
      worker.postMessage("stop");
      const { latencies, failures } = await done;
      await worker.terminate();
      return { latenciesMs: latencies, failures, maxMs: Math.max(0, ...latencies) };
    },
  };
}
