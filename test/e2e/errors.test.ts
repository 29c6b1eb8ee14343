import { fileURLToPath } from "node:url";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_CONFIG_PATH, loadConfig } from "../../src/config/load-config.js";
import { parseErrorsArgs } from "../../src/error-summary/parse-errors-args.js";
import { runErrorSummary } from "../../src/error-summary/run-error-summary.js";
import { createCloudWatchLogsBackend } from "../../src/insights/cloudwatch-logs-backend.js";
import { createLocalLogsBackend } from "../../src/insights/local-engine/local-logs-backend.js";
import type { ResultRow } from "../../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../../src/insights/query-limiter.js";
import { DEFAULT_SAMPLE_NOW } from "../../src/playground/samples/sample-ids.js";
import type { EmulatorChange } from "../../src/playground/slack-emulator/emulator-types.js";
import type { SlackEmulator } from "../../src/playground/slack-emulator/slack-emulator.js";
import { silentLogger } from "../../src/shared/logger.js";
import { buildErrorSummaryMessage } from "../../src/slack/blocks/error-summary-message.js";
import { registerErrorsCommand } from "../../src/slack/listeners/errors-command.js";
import { type BoltOnEmulator, startBoltOnEmulator } from "../fakes/bolt-on-emulator.js";
import {
  type FakeCloudWatchLogsServer,
  startFakeCloudWatchLogsServer,
} from "../fakes/fake-cloudwatch-logs-server.js";

const SERVICES = loadConfig({ KLAXON_CONFIG: BUILTIN_CONFIG_PATH }, "/").file.services;
const NOW_S = DEFAULT_SAMPLE_NOW.getTime() / 1000;
const LIMITS = { timeoutSeconds: 60, maxBytesScanned: 10 * 1024 ** 3, pollIntervalMs: 10 };

function cell(field: string, value: string) {
  return { field, value };
}

/** CloudWatch-shaped rows for all three queries at once (each parser reads only its own rows). */
function cloudWatchRows(): ResultRow[] {
  const rows: ResultRow[] = [];
  for (let t = NOW_S - 7200; t < NOW_S; t += 300) {
    const time = new Date(t * 1000).toISOString().replace("T", " ").replace("Z", "");
    const errors = t >= NOW_S - 900 ? 24 : 2;
    rows.push([cell("bin(5m)", time), cell("errors", String(errors))]);
  }
  rows.push([cell("message", "LLM provider call failed: context deadline exceeded"), cell("n", "72")]);
  rows.push([cell("@logStream", "orchestrator/orchestrator/5e7f9a1b3c5d"), cell("n", "90")]);
  return rows;
}

describe("/errors through the real CloudWatchLogsClient against the fake CloudWatch Logs endpoint", () => {
  let fake: FakeCloudWatchLogsServer;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    fake = await startFakeCloudWatchLogsServer();
    client = new CloudWatchLogsClient({
      endpoint: fake.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake-secret" },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  it("sends seven StartQuery calls with the service's group and exact windows, and renders the spike", async () => {
    // Prepare
    fake.setSteps([
      { status: "Running", statistics: { bytesScanned: 100 } },
      {
        status: "Complete",
        results: cloudWatchRows(),
        statistics: { bytesScanned: 2048, recordsScanned: 40 },
      },
    ]);
    let now = DEFAULT_SAMPLE_NOW.getTime();
    const deps = {
      services: SERVICES,
      backend: createCloudWatchLogsBackend({ client }),
      limiter: createQueryLimiter(10),
      clock: () => new Date(now),
      sleep: async (ms: number) => {
        now += ms;
      },
      logger: silentLogger(),
      random: () => 0.5,
      limits: LIMITS,
      region: "us-east-1",
    };
    const args = parseErrorsArgs("axonflow-api 1h", { services: SERVICES, now: DEFAULT_SAMPLE_NOW });
    if (!args.ok) throw args.error;

    // Act
    const outcome = await runErrorSummary(deps, args.value);
    const message = buildErrorSummaryMessage(outcome, { windowText: args.value.window.label });

    // Assess
    const ranges = fake.startQueries.map((q) => `${q.startTime - NOW_S}..${q.endTime - NOW_S}`).sort();
    expect(ranges).toEqual(
      [
        "-3600..0",
        "-3600..0",
        "-3600..0",
        "-7200..-3601",
        "-7200..-3601",
        "-90000..-86400",
        "-90000..-86400",
      ].sort(),
    );
    expect(fake.startQueries.every((q) => q.logGroupNames?.join() === "/axonflow/production")).toBe(true);
    expect(fake.startQueries.map((q) => q.queryString)).toContain(
      'filter level in ["error"]\n| stats count(*) as errors by bin(5m)',
    );
    expect(outcome.kind === "summary" && outcome.summary.spike?.start.toISOString()).toBe(
      "2026-11-20T11:45:00.000Z",
    );
    expect(outcome.statistics.bytesScanned).toBe(7 * 2048);
    expect(message.text).toBe("Errors in axonflow-api: 90 in last 1h vs 24 before (3.8×)");
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain("Spike started");
    expect(blocks).toContain("LLM provider call failed: context deadline exceeded");
    expect(blocks).toContain("Scanned 14.0 KB in 7 queries.");
  });
});

describe("/errors in Slack: a real Bolt app, the Slack emulator and the local engine over samples/logs", () => {
  const SECRET = "errors-e2e-signing-secret";
  let emulator: SlackEmulator;
  let bolt: BoltOnEmulator;

  beforeAll(async () => {
    bolt = await startBoltOnEmulator(SECRET, (app) => {
      const clock = () => DEFAULT_SAMPLE_NOW;
      registerErrorsCommand(app, {
        errors: {
          services: SERVICES,
          backend: createLocalLogsBackend({
            logsDir: fileURLToPath(new URL("../../samples/logs", import.meta.url)),
            clock,
          }),
          limiter: createQueryLimiter(4),
          clock,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          logger: silentLogger(),
          limits: LIMITS,
          region: "us-east-1",
        },
        logger: silentLogger(),
        onCommand: () => {},
      });
    });
    emulator = bolt.emulator;
  });

  afterAll(async () => {
    await bolt.stop();
  });

  const nextChange = (predicate: (change: EmulatorChange) => boolean) => bolt.nextChange(predicate);

  it("replaces the placeholder with one message showing the spike and a new pattern, chart in the thread", async () => {
    // Prepare
    const channel = emulator.createChannel("inc-axonflow");
    const chart = nextChange((c) => c.type === "message" && (c.message.files?.length ?? 0) > 0);

    // Act
    await emulator.sendSlashCommand({
      command: "/errors",
      text: "axonflow-api",
      channelId: channel.id,
      userId: "U1",
    });
    await chart;

    // Assess
    const messages = emulator.messages(channel.id);
    expect(messages).toHaveLength(1);
    const [summary] = messages;
    expect(summary?.text).toMatch(/^Errors in axonflow-api: \d+ in last 1h vs 0 before/);
    const blocks = JSON.stringify(summary?.blocks);
    expect(blocks).toContain("Spike started");
    expect(blocks).toMatch(/🆕[^"]*LLM provider call failed/);
    expect(emulator.callsTo("chat.update")).toHaveLength(1);
    const png = emulator.fileContent(summary?.replies[0]?.files?.[0]?.id ?? "");
    expect(png?.subarray(1, 4).toString("ascii")).toBe("PNG");
  });

  it("answers through response_url when the bot cannot post in the channel", async () => {
    // Prepare: chat.postMessage fails (retries are off), as it does in a channel the bot is not in.
    const channel = emulator.createChannel("private-ish");
    emulator.failNext("chat.postMessage", { status: 500 });
    const updatesBefore = emulator.callsTo("chat.update").length;
    const responded = nextChange((c) => c.type === "response");
    // Act
    await emulator.sendSlashCommand({
      command: "/errors",
      text: "dynamo-worker 2h",
      channelId: channel.id,
      userId: "U1",
    });
    await responded;
    // Assess
    const messages = emulator.messages(channel.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toMatch(/^Errors in dynamo-worker: \d+ in last 2h/);
    expect(emulator.callsTo("chat.update")).toHaveLength(updatesBefore);
  });

  it("answers an unknown service ephemerally with the configured services, posting nothing", async () => {
    const channel = emulator.createChannel("ops");
    const answered = nextChange((c) => c.type === "ephemeral");
    await emulator.sendSlashCommand({
      command: "/errors",
      text: "payments 1h",
      channelId: channel.id,
      userId: "U1",
    });
    await answered;
    expect(emulator.messages(channel.id)).toHaveLength(0);
    expect(emulator.ephemerals(channel.id)[0]?.text).toMatch(
      /no service called payments\. Configured services: .*axonflow-api/,
    );
  });
});
