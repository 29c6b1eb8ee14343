import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSlackEmulator } from "../../src/playground/slack-emulator/slack-emulator.js";
import { HOSTILE_SERVICE_YAML, writeHostileLogs } from "../fakes/hostile-logs.js";
import { spawnKlaxon } from "../fakes/klaxon-process.js";
import { BASE_CONFIG, SIGNING_SECRET, waitFor } from "../support/harness.js";
import { type ProbeReport, startHealthzProber } from "./healthz-prober.js";

/** What one hostile `/errors` run showed. */
export interface HostileErrorsRun {
  readonly probes: ProbeReport;
  /** The same probing of a hello-world server in its own process over the same time: the machine's own noise. */
  readonly control: ProbeReport;
  /** From sending the command to the chart in the summary's thread. */
  readonly errorsMs: number;
  readonly lines: number;
  readonly bytes: number;
  readonly summaryText: string | undefined;
  readonly summaryBlocks: string;
}

/** libfaketime's variables, so a suite run under `faketime` gives klaxon the same "now" as the test. */
function faketimeEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] =>
        e[1] !== undefined && /^(?:LD_PRELOAD|FAKETIME\w*|DONT_FAKE_MONOTONIC)$/.test(e[0]),
    ),
  );
}

// A hello-world HTTP server that prints its port: the control every probe figure is read against.
const CONTROL_SERVER = `require("node:http").createServer((q, s) => s.end("ok")).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;

async function startControlServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ["-e", CONTROL_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("error", reject);
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/**
 * Starts klaxon as its own process (so only klaxon's work shares its event loop, not the Slack emulator's or the
 * test runner's) with the local engine over `perWindow` distinct hostile lines per window, probes `/healthz`
 * every 100 ms from another thread, runs `/errors hostile` through the Slack emulator and waits for the summary
 * and its chart. Lines are placed relative to the clock both processes share, a minute inside each window so
 * klaxon's start-up time does not move any across a window edge. A first command and probe warm up the request
 * paths, so the probes measure the work, not first-request compilation. A hello-world server in another process
 * is probed the same way at the same time, so a slow probe can be told apart from a machine short of CPU.
 */
export async function runHostileErrors(
  perWindow: number,
  timeoutMs = 120_000,
  /** Extra environment for klaxon, e.g. NODE_OPTIONS=--cpu-prof to profile it. */
  env: Record<string, string> = {},
): Promise<HostileErrorsRun> {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-hostile-"));
  const slack = await startSlackEmulator({ signingSecret: SIGNING_SECRET });
  let bot: Awaited<ReturnType<typeof spawnKlaxon>> | undefined;
  const controlServer = await startControlServer();
  try {
    const written = writeHostileLogs(join(dir, "logs"), Date.now(), perWindow);
    writeFileSync(
      join(dir, "klaxon.yaml"),
      `${BASE_CONFIG}${HOSTILE_SERVICE_YAML}insights:\n  pollIntervalMs: 100\n`,
    );
    bot = await spawnKlaxon({
      ...faketimeEnv(),
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      KLAXON_CONFIG: join(dir, "klaxon.yaml"),
      KLAXON_DB: join(dir, "klaxon.db"),
      KLAXON_LOGS_DIR: join(dir, "logs"),
      KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
      KLAXON_LOG_LEVEL: "warn",
      ...env,
    });
    await bot.ready(30_000);
    slack.setBotEndpoint(`${bot.url}/slack/events`);
    const channel = slack.createChannel("inc-hostile");
    await slack.sendSlashCommand({ command: "/errors", text: "nosuch", channelId: channel.id, userId: "U1" });
    await (await fetch(`${bot.url}/healthz`)).text();
    const [prober, controlProber] = await Promise.all([
      startHealthzProber(`${bot.url}/healthz`, 100),
      startHealthzProber(controlServer.url, 100),
    ]);
    const started = performance.now();
    await slack.sendSlashCommand({
      command: "/errors",
      text: "hostile",
      channelId: channel.id,
      userId: "U1",
    });
    await waitFor(
      () => (slack.messages(channel.id)[0]?.replies[0]?.files?.length ?? 0) > 0,
      "the /errors summary and its chart",
      timeoutMs,
    );
    const errorsMs = performance.now() - started;
    const [probes, control] = await Promise.all([prober.stop(), controlProber.stop()]);
    const summary = slack.messages(channel.id)[0];
    return {
      probes,
      control,
      errorsMs,
      lines: written.lines,
      bytes: written.bytes,
      summaryText: summary?.text,
      summaryBlocks: JSON.stringify(summary?.blocks ?? []),
    };
  } finally {
    await bot?.stop();
    controlServer.stop();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
