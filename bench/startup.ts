import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSlackEmulator } from "../src/playground/slack-emulator/slack-emulator.js";
import { BASE_CONFIG, SIGNING_SECRET } from "../test/support/harness.js";
import { sleep } from "./lib/stack.js";
import { type BenchRow, numericArgs, percentile, row } from "./lib/stats.js";

/**
 * Repetitions, the idle time before RSS is read, and how much longer the production entry and its baseline then
 * stay idle before RSS is read again: V8 gives back the garbage of a start with a memory-reducing full GC about
 * 8 s after it, so the second reading is what an idle process holds from then on.
 */
export const STARTUP_DEFAULTS = { runs: 3, idleMs: 2000, settleMs: 10_000 };

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const HELLO = `import { createServer } from "node:http";
createServer((req, res) => res.end(req.url === "/readyz" ? "ready" : "ok")).listen(Number(process.env.PORT), "127.0.0.1");
`;

/** A free loopback port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m?.[1] === undefined ? Number.NaN : Number(m[1]) / 1024;
}

/** Polls `GET url` until it answers 200; resolves with the ms since `since`, rejects after `timeoutMs`. */
export async function waitReady(
  url: string,
  since: number,
  child: ChildProcess,
  timeoutMs = 30_000,
): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(url)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return performance.now() - since;
    await sleep(10);
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}

/** One start: time to ready, idle resident memory, and the same once settled (when measured). */
interface Sample {
  readonly readyMs: number;
  readonly rss: number;
  readonly settledRss: number;
}

/** How a process is started: plain `node` (what `npm start` and the image run) or through the tsx loader. */
type Launch = "node" | "tsx";

async function measure(
  launch: Launch,
  script: string,
  env: Record<string, string>,
  idleMs: number,
  settleMs = 0,
): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  // `node --import tsx` rather than the tsx CLI: one process, so RSS and signals are the bot's own.
  const args = launch === "tsx" ? ["--import", "tsx", script] : [script];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    const readyMs = await waitReady(`http://127.0.0.1:${port}/readyz`, started, child).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${stderr.slice(-2000)}`);
    });
    await sleep(idleMs);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `process exited while idle (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`,
      );
    }
    const rss = child.pid === undefined ? Number.NaN : rssMiB(child.pid);
    if (settleMs === 0) return { readyMs, rss, settledRss: Number.NaN };
    await sleep(settleMs);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`process exited while settling: ${stderr.slice(-2000)}`);
    }
    return { readyMs, rss, settledRss: child.pid === undefined ? Number.NaN : rssMiB(child.pid) };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }
}

/** Compiles `dist/` the way `npm start` does (only when the sources are newer). */
function buildIfStale(): void {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "build-if-stale.mjs")], {
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("the build failed; see above");
}

/**
 * Start→ready (until `/readyz` answers 200) and idle RSS of klaxon as a child process (temp config and SQLite
 * file, Slack pointed at an emulator), median of `runs`, each against a hello-world Node server started the same
 * way: the production entry `node dist/start.js` (what `npm start` and the image run) against `node hello.mjs`,
 * and, for comparison, the sources through tsx (`node --import tsx src/start.ts`, what `npm start` ran before
 * there was a build, and what `npm run dev` runs) against `node --import tsx hello.mjs`.
 */
export async function runStartupBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, STARTUP_DEFAULTS);
  buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), "klaxon-startup-"));
  const slack = await startSlackEmulator({ signingSecret: SIGNING_SECRET });
  try {
    writeFileSync(join(dir, "klaxon.yaml"), BASE_CONFIG);
    writeFileSync(join(dir, "hello.mjs"), HELLO);
    const env = (run: string): Record<string, string> => ({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      KLAXON_CONFIG: join(dir, "klaxon.yaml"),
      KLAXON_DB: join(dir, run, "klaxon.db"),
      KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
      KLAXON_LOG_LEVEL: "warn",
      // Logs Insights needs a region to start; nothing is called at start-up, so any region will do.
      AWS_REGION: "us-east-1",
    });
    const runs: Record<"dist" | "helloNode" | "source" | "helloTsx", Sample[]> = {
      dist: [],
      helloNode: [],
      source: [],
      helloTsx: [],
    };
    for (let i = 0; i < o.runs; i++) {
      runs.dist.push(
        await measure("node", join(ROOT, "dist", "start.js"), env(`dist-${i}`), o.idleMs, o.settleMs),
      );
      runs.helloNode.push(await measure("node", join(dir, "hello.mjs"), {}, o.idleMs, o.settleMs));
      runs.source.push(await measure("tsx", join(ROOT, "src", "start.ts"), env(`source-${i}`), o.idleMs));
      runs.helloTsx.push(await measure("tsx", join(dir, "hello.mjs"), {}, o.idleMs));
    }
    const med = (xs: Sample[], key: keyof Sample) =>
      percentile(
        xs.map((x) => x[key]),
        50,
      );
    return [
      row(
        "startup: start→/readyz 200, node dist/start.js (median)",
        med(runs.dist, "readyMs"),
        "ms",
        med(runs.helloNode, "readyMs"),
      ),
      row(
        `startup: idle RSS ${o.idleMs / 1000} s after ready, node dist/start.js (median)`,
        med(runs.dist, "rss"),
        "MiB",
        med(runs.helloNode, "rss"),
      ),
      row(
        `startup: idle RSS ${(o.idleMs + o.settleMs) / 1000} s after ready (settled), node dist/start.js (median)`,
        med(runs.dist, "settledRss"),
        "MiB",
        med(runs.helloNode, "settledRss"),
      ),
      row(
        "startup: start→/readyz 200, tsx src/start.ts (median)",
        med(runs.source, "readyMs"),
        "ms",
        med(runs.helloTsx, "readyMs"),
      ),
      row(
        "startup: idle RSS, tsx src/start.ts (median)",
        med(runs.source, "rss"),
        "MiB",
        med(runs.helloTsx, "rss"),
      ),
    ];
  } finally {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
