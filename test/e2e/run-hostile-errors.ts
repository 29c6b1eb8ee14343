import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSlackEmulator } from "../../src/playground/slack-emulator/slack-emulator.js";
import { HOSTILE_SERVICE_YAML, writeHostileLogs } from "../fakes/hostile-logs.js";
import { spawnKlaxon } from "../fakes/klaxon-process.js";
import { BASE_CONFIG, SIGNING_SECRET, waitFor } from "./harness.js";
import { type ProbeReport, startHealthzProber } from "./healthz-prober.js";

/** What one hostile `/errors` run showed. */
export interface HostileErrorsRun {
  readonly probes: ProbeReport;
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

/**
 * Starts klaxon as its own process (so only klaxon's work shares its event loop, not the Slack emulator's or the
 * test runner's) with the local engine over `perWindow` distinct hostile lines per window, probes `/healthz`
 * every 100 ms from another thread, runs `/errors hostile` through the Slack emulator and waits for the summary
 * and its chart. Lines are placed relative to the clock both processes share, a minute inside each window so
 * klaxon's start-up time does not move any across a window edge. A first command and probe warm up the request
 * paths, so the probes measure the work, not first-request compilation.
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
    const prober = await startHealthzProber(`${bot.url}/healthz`, 100);
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
    const probes = await prober.stop();
    const summary = slack.messages(channel.id)[0];
    return {
      probes,
      errorsMs,
      lines: written.lines,
      bytes: written.bytes,
      summaryText: summary?.text,
      summaryBlocks: JSON.stringify(summary?.blocks ?? []),
    };
  } finally {
    await bot?.stop();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
