import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../fakes/klaxon-process.js";
import { BASE_CONFIG, SIGNING_SECRET, waitFor } from "../../support/harness.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

// The bundle is built into a folder of its own (beside a node_modules link, as in the image), not into dist/.
let dir: string;
let dist: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "klaxon-bundle-"));
  dist = join(dir, "dist");
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), dist], {
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `{ A, B } = (await import("./chunk.js")).default` and `[sdk, c] = … import("./chunk.js") …, { A } = sdk.default`. */
function namesTakenFromDefault(text: string): { chunk: string; names: string[] }[] {
  const direct = [...text.matchAll(/\{([\w,:\s]+)\}=\(await import\("\.\/([\w.-]+)"\)\)\.default/g)].map(
    (m) => ({ chunk: m[2] ?? "", names: (m[1] ?? "").split(",") }),
  );
  const paired = [...text.matchAll(/import\("\.\/([\w.-]+)"\),config\(\)\]\),\{(\w+)\}=sdk\.default/g)].map(
    (m) => ({ chunk: m[1] ?? "", names: [m[2] ?? ""] }),
  );
  return [...direct, ...paired].map((u) => ({
    ...u,
    names: u.names.map((n) => n.split(":")[0]?.trim() ?? ""),
  }));
}

describe("the bundled build (npm run build)", () => {
  it("puts the entry points, worker modules and the playground page's browser files where the per-file layout had them", () => {
    // Assess
    for (const file of [
      "playground/web/browser/app.js",
      "playground/web/browser/app.css",
      "start.js",
      "cli/run-cli.js",
      "error-summary/error-summary-worker.js",
      "insights/local-engine/local-logs-worker.js",
    ])
      expect(existsSync(join(dist, file)), file).toBe(true);
  });

  it("finds every name the AWS SDK packages loaded on first use are destructured for", async () => {
    // Prepare
    const chunks = join(dist, "chunks");
    const uses = readdirSync(chunks)
      .filter((f) => f.endsWith(".js"))
      .flatMap((f) => namesTakenFromDefault(readFileSync(join(chunks, f), "utf8")));

    // Act
    const missing: string[] = [];
    for (const use of uses) {
      const loaded = (await import(join(chunks, use.chunk))) as { default?: Record<string, unknown> };
      for (const name of use.names) if (typeof loaded.default?.[name] !== "function") missing.push(name);
    }

    // Assess: the client of every service klaxon calls, each found.
    const names = uses.flatMap((u) => u.names);
    for (const client of [
      "SNSClient",
      "CloudWatchLogsClient",
      "CloudWatchClient",
      "CloudTrailClient",
      "ECSClient",
    ])
      expect(names).toContain(client);
    expect(missing).toEqual([]);
  });

  it("starts with Slack over HTTP and answers /readyz", async () => {
    // Prepare
    const port = await freePort();
    const work = mkdtempSync(join(tmpdir(), "klaxon-bundle-run-"));
    const config = join(work, "klaxon.yaml");
    writeFileSync(config, BASE_CONFIG);
    let child: ChildProcess | undefined;
    let stderr = "";
    try {
      // Act
      child = spawn(process.execPath, [join(dist, "start.js")], {
        env: {
          PATH: process.env.PATH ?? "",
          PORT: String(port),
          SLACK_BOT_TOKEN: "xoxb-bundle-test",
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          // Nothing listens there: the channel list fails, which klaxon only logs.
          SLACK_API_URL: "http://127.0.0.1:9/api/",
          KLAXON_CONFIG: config,
          KLAXON_DB: join(work, "klaxon.db"),
          KLAXON_RUNBOOKS_DIR: join(work, "runbooks"),
          KLAXON_LOG_LEVEL: "error",
          AWS_REGION: "us-east-1",
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      child.stderr?.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = (): boolean => child?.exitCode !== null;
      await waitFor(
        async () =>
          exited() ||
          (await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          )),
        "the bundled klaxon to be ready",
        30_000,
      );

      // Assess
      expect(exited(), stderr).toBe(false);
      expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).text()).toBe("ready");
    } finally {
      if (child && child.exitCode === null) {
        const gone = new Promise((resolve) => child?.once("exit", resolve));
        child.kill("SIGTERM");
        await gone;
      }
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
