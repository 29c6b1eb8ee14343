import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "../support/harness.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A free loopback TCP port (bound and released at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A klaxon running as its own process. */
export interface KlaxonProcess {
  readonly child: ChildProcess;
  readonly url: string;
  stderr(): string;
  /** Waits for `/readyz` 200; fails with the process's stderr when it exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

/** The variables through which libfaketime shifts the test run's clock; a child without them would not agree. */
function sharedClockEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] =>
        e[1] !== undefined && /^(?:LD_PRELOAD|DYLD_INSERT_LIBRARIES|FAKETIME\w*)$/.test(e[0]),
    ),
  );
}

/**
 * Spawns `src/start.ts` in one process (`node --import tsx`, so signals and memory readings reach klaxon itself)
 * with only the given environment plus PATH, the clock-shifting variables of the test run (so a run under
 * `faketime` gives the child the same clock as the test) and a free PORT. Returned before it is ready, so
 * callers can register it for cleanup first.
 */
export async function spawnKlaxon(env: Record<string, string>): Promise<KlaxonProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src", "start.ts")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      AWS_REGION: "us-east-1",
      ...sharedClockEnv(),
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    stderr: () => stderr,
    ready: (timeoutMs = 20_000) =>
      waitFor(
        async () => {
          if (child.exitCode !== null)
            throw new Error(`klaxon exited with ${child.exitCode}: ${stderr.slice(-1500)}`);
          return fetch(`${url}/readyz`)
            .then((r) => r.status === 200)
            .catch(() => false);
        },
        "klaxon to be ready",
        timeoutMs,
      ),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
