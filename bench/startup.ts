import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSlackEmulator } from "../src/playground/slack-emulator/slack-emulator.js";
import { BASE_CONFIG, SIGNING_SECRET } from "../test/e2e/harness.js";
import { sleep } from "./lib/stack.js";
import { type BenchRow, numericArgs, percentile, row } from "./lib/stats.js";

/** Repetitions and the idle settle time before RSS is read. */
export const STARTUP_DEFAULTS = { runs: 3, idleMs: 2000 };

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

async function measure(script: string, env: Record<string, string>, idleMs: number) {
  const port = await freePort();
  const started = performance.now();
  // `node --import tsx` rather than the tsx CLI: one process, so RSS and signals are the bot's own.
  const child = spawn(process.execPath, ["--import", "tsx", script], {
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
    return { readyMs, rss };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }
}

/**
 * Start→ready (until `/readyz` answers 200) and idle RSS of klaxon as a child process (`node --import tsx
 * src/start.ts`, temp config and SQLite file, Slack pointed at an emulator) against a hello-world Node server
 * started the same way. Median of `runs`.
 */
export async function runStartupBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, STARTUP_DEFAULTS);
  const dir = mkdtempSync(join(tmpdir(), "klaxon-startup-"));
  const slack = await startSlackEmulator({ signingSecret: SIGNING_SECRET });
  try {
    writeFileSync(join(dir, "klaxon.yaml"), BASE_CONFIG);
    writeFileSync(join(dir, "hello.mjs"), HELLO);
    const klaxon = [];
    const hello = [];
    for (let i = 0; i < o.runs; i++) {
      klaxon.push(
        await measure(
          join(ROOT, "src", "start.ts"),
          {
            SLACK_BOT_TOKEN: slack.botToken,
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_API_URL: slack.apiUrl,
            KLAXON_CONFIG: join(dir, "klaxon.yaml"),
            KLAXON_DB: join(dir, `run-${i}`, "klaxon.db"),
            KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
            KLAXON_LOG_LEVEL: "warn",
          },
          o.idleMs,
        ),
      );
      hello.push(await measure(join(dir, "hello.mjs"), {}, o.idleMs));
    }
    const med = (xs: number[]) => percentile(xs, 50);
    return [
      row(
        "startup: start→/readyz 200 (median)",
        med(klaxon.map((k) => k.readyMs)),
        "ms",
        med(hello.map((k) => k.readyMs)),
      ),
      row("startup: idle RSS (median)", med(klaxon.map((k) => k.rss)), "MiB", med(hello.map((k) => k.rss))),
    ];
  } finally {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
