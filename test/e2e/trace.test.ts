import { fileURLToPath } from "node:url";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import type { ServiceConfig } from "../../src/config/schema.js";
import { createCloudWatchLogsBackend } from "../../src/insights/cloudwatch-logs-backend.js";
import { createLocalLogsBackend } from "../../src/insights/local-engine/local-logs-backend.js";
import type { LogsQueryBackend, ResultRow, StartQueryInput } from "../../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../../src/insights/query-limiter.js";
import { DEFAULT_SAMPLE_NOW, sampleIdsFor } from "../../src/playground/samples/sample-ids.js";
import type { EmulatorChange } from "../../src/playground/slack-emulator/emulator-types.js";
import type { SlackEmulator } from "../../src/playground/slack-emulator/slack-emulator.js";
import { silentLogger } from "../../src/shared/logger.js";
import { registerTraceCommand } from "../../src/slack/listeners/trace-command.js";
import { runTrace, type TraceDeps } from "../../src/trace/run-trace.js";
import { type BoltOnEmulator, startBoltOnEmulator } from "../fakes/bolt-on-emulator.js";
import type { FakeFailure, FakeQueryStep } from "../fakes/fake-cloudwatch-logs-server.js";
import {
  type FakeCloudWatchLogsServer,
  startFakeCloudWatchLogsServer,
} from "../fakes/fake-cloudwatch-logs-server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SERVICES: Record<string, ServiceConfig> = loadConfig(
  { KLAXON_CONFIG: `${ROOT}klaxon.example.yaml` },
  "/nonexistent",
).file.services;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function traceDeps(backend: LogsQueryBackend, clock: () => Date): TraceDeps {
  return {
    services: SERVICES,
    backend,
    limiter: createQueryLimiter(10),
    clock,
    sleep,
    logger: silentLogger(),
    random: () => 0.5,
    limits: { timeoutSeconds: 30, maxBytesScanned: 10 * 1024 ** 3, pollIntervalMs: 10 },
    region: "eu-west-1",
  };
}

const cell = (field: string, value: string) => ({ field, value });

describe("/trace through the real CloudWatchLogsClient against the fake CloudWatch Logs endpoint", () => {
  const SEED_ID = "19e555d0-b349-11f0-9ee0-09606a1108f9";
  const NOW = Date.parse("2025-10-28T00:00:00.000Z");
  let fake: FakeCloudWatchLogsServer;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    fake = await startFakeCloudWatchLogsServer();
    client = new CloudWatchLogsClient({
      endpoint: fake.url,
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake-secret" },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  /** Rows shaped like each seed system's Insights output, keyed by the service whose query asks for them. */
  function rowsFor(service: string): ResultRow[] {
    const eks = "123456789012:/aws/containerinsights/dfl-prod-default-eks/application";
    const dynamoai = (ts: string, stream: string, level: string, message: string): ResultRow => [
      cell("@timestamp", ts),
      cell("@logStream", stream),
      cell("@log", eks),
      cell("log_processed.message", message),
      cell("log_processed.level", level),
    ];
    if (service === "dynamoai-api")
      return [
        dynamoai(
          "2025-10-27 15:24:59.693",
          "dynamoai-api-56fcf74495-rf2pj.dynamoai-api",
          "info",
          "POST /v1/analyze",
        ),
        dynamoai(
          "2025-10-27 15:25:01.020",
          "dynamoai-api-56fcf74495-rf2pj.dynamoai-api",
          "error",
          "upstream 502",
        ),
      ];
    if (service === "dynamoai-moderation")
      return [
        dynamoai(
          "2025-10-27 15:24:59.810",
          "dynamoai-moderation-5bdc4cb97d-45wgd.dynamoai-moderation",
          "info",
          "moderation passed",
        ),
      ];
    if (service === "dynamoai-models")
      return [
        dynamoai(
          "2025-10-27 15:25:00.400",
          "model-toxicity-7c9d8-xk2p4.model-server",
          "error",
          "CUDA out of memory. Tried to allocate 2.00 GiB",
        ),
      ];
    if (service === "tradai-backend")
      return [
        [
          cell("@timestamp", "2025-10-27 15:25:00.100"),
          cell("@logStream", "ecs/tradai-backend/4f1c2b7e9a"),
          cell("@log", "123456789012:/ecs/tradai-backend-prod"),
          cell(
            "@message",
            `2025-10-27 15:25:00,100 - tradai.backend.api - INFO - [correlation_id=${SEED_ID}] order accepted`,
          ),
        ],
      ];
    return [];
  }

  function serviceOf(input: StartQueryInput): string {
    const match = Object.entries(SERVICES).find(
      ([, s]) =>
        s.logGroups.every((g) => input.logGroupNames.includes(g)) &&
        (s.streamFilter === undefined ||
          input.queryString.includes(
            `/^${s.streamFilter.replace(/[.-]/g, (c) => (c === "." ? "\\." : c))}/`,
          )) &&
        s.idFields.every((f) => input.queryString.includes(f)),
    );
    return match?.[0] ?? "unknown";
  }

  /**
   * Scripts the fake per service: StartQuery calls are serialised so the steps (or failure) set for one service
   * are the ones its query gets, while polling stays parallel.
   */
  function scripted(
    inner: LogsQueryBackend,
    failures: Record<string, Omit<FakeFailure, "operation" | "times">>,
  ) {
    let lock: Promise<unknown> = Promise.resolve();
    const started: { service: string; input: StartQueryInput }[] = [];
    const backend: LogsQueryBackend = {
      startQuery(input) {
        const run = lock.then(() => {
          const service = serviceOf(input);
          started.push({ service, input });
          const steps: FakeQueryStep[] = [
            { status: "Running", statistics: { bytesScanned: 1000 } },
            {
              status: "Complete",
              results: rowsFor(service),
              statistics: { bytesScanned: 4096, recordsScanned: 40 },
            },
          ];
          fake.setSteps(steps);
          const failure = failures[service];
          if (failure) fake.fail({ ...failure, operation: "StartQuery", times: 1 });
          return inner.startQuery(input);
        });
        lock = run.catch(() => undefined);
        return run;
      },
      getQueryResults: (id) => inner.getQueryResults(id),
      stopQuery: (id) => inner.stopQuery(id),
    };
    return { backend, started };
  }

  it("asks every service for the narrow anchored window first, and one failing service still returns the others", async () => {
    // Prepare
    const offset = NOW - Date.now();
    const { backend, started } = scripted(createCloudWatchLogsBackend({ client }), {
      "dynamo-worker": {
        name: "AccessDeniedException",
        message: "User is not authorized to perform logs:StartQuery",
      },
      "dynamo-frontend": {
        name: "ResourceNotFoundException",
        message: "Log group /dynamo/frontend does not exist",
      },
    });

    // Act
    const result = await runTrace(
      traceDeps(backend, () => new Date(Date.now() + offset)),
      { id: SEED_ID },
    );

    // Assess
    if (!result.ok) throw result.error;
    const state = result.value;
    const narrow = {
      startTime: Date.UTC(2025, 9, 27, 15, 19, 59) / 1000,
      endTime: Date.UTC(2025, 9, 27, 15, 30, 0) / 1000,
    };
    for (const name of Object.keys(SERVICES)) {
      const first = started.find((s) => s.service === name)?.input;
      expect({ name, startTime: first?.startTime, endTime: first?.endTime }).toEqual({ name, ...narrow });
    }
    // What reached the wire (failed StartQuery calls are not recorded by the fake): 7 services, narrow first.
    const firstOnWire = new Map<string, { startTime: number; endTime: number }>();
    for (const q of fake.startQueries) {
      const key = `${q.logGroupNames?.join(",")} ${q.queryString}`;
      if (!firstOnWire.has(key)) firstOnWire.set(key, q);
    }
    expect(firstOnWire.size).toBe(7);
    for (const q of firstOnWire.values())
      expect({ startTime: q.startTime, endTime: q.endTime }).toEqual(narrow);
    const found = ["dynamoai-api", "dynamoai-moderation", "dynamoai-models", "tradai-backend"];
    for (const name of found) expect(started.filter((s) => s.service === name)).toHaveLength(1);
    expect(Object.fromEntries(state.services.map((s) => [s.service, s.status]))).toEqual({
      "dynamoai-api": "found",
      "dynamoai-moderation": "found",
      "dynamoai-models": "found",
      "tradai-backend": "found",
      "tradai-strategy-service": "empty",
      "tradai-sqs-consumer": "empty",
      "dynamo-frontend": "failed",
      "dynamo-worker": "failed",
      "axonflow-api": "empty",
    });
    expect(state.services.find((s) => s.service === "dynamo-worker")?.error?.code).toBe(
      "insights_access_denied",
    );
    expect(state.services.find((s) => s.service === "dynamo-frontend")?.error?.code).toBe(
      "insights_log_group_not_found",
    );
    expect(state.timeline.entries.map((e) => e.service)).toEqual([
      "dynamoai-api",
      "dynamoai-moderation",
      "tradai-backend",
      "dynamoai-models",
      "dynamoai-api",
    ]);
    expect(state.timeline.firstError?.message).toMatch(/^CUDA out of memory/);
  });
});

describe("/trace in Slack: Bolt app + Slack emulator + local engine over samples/logs", () => {
  const SECRET = "trace-e2e-signing-secret";
  const ids = sampleIdsFor(DEFAULT_SAMPLE_NOW);
  let emulator: SlackEmulator;
  let bolt: BoltOnEmulator;

  beforeAll(async () => {
    bolt = await startBoltOnEmulator(SECRET, (app) => {
      const clock = () => DEFAULT_SAMPLE_NOW;
      const backend = createLocalLogsBackend({ logsDir: `${ROOT}samples/logs`, clock });
      registerTraceCommand(app, { trace: traceDeps(backend, clock), logger: silentLogger() });
    });
    emulator = bolt.emulator;
  });
  afterAll(async () => {
    await bolt.stop();
  });

  const nextChange = (predicate: (change: EmulatorChange) => boolean) => bolt.nextChange(predicate);

  it("posts one message and updates it to the merged timeline api → moderation → models with the first error", async () => {
    // Prepare
    const channel = emulator.createChannel("inc-dynamoai");
    const done = nextChange((c) => c.type === "message_changed" && c.message.text.startsWith("Trace "));

    // Act
    const answer = await emulator.sendSlashCommand({
      command: "/trace",
      text: ids.dynamoaiReqId,
      channelId: channel.id,
      userId: "U1",
    });
    await done;

    // Assess
    expect(answer.status).toBe(200);
    const messages = emulator.messages(channel.id);
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages[0]?.blocks ?? []);
    const table = text.slice(text.indexOf("```"), text.lastIndexOf("```"));
    const order = ["dynamoai-api", "dynamoai-moderation", "dynamoai-models"].map((s) => table.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain("🔥 *First error* in *dynamoai-models*");
    expect(text).toContain("CUDA out of memory");
    expect(text).toContain("dynamoai-api → dynamoai-moderation");
    const updates = emulator.callsTo("chat.update").map((c) => c.at.getTime());
    for (let i = 1; i < updates.length; i += 1)
      expect((updates[i] ?? 0) - (updates[i - 1] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("answers a malformed ID privately with what to type, and posts nothing in the channel", async () => {
    // Prepare
    const channel = emulator.createChannel("ops");
    const replied = nextChange((c) => c.type === "ephemeral");

    // Act
    await emulator.sendSlashCommand({
      command: "/trace",
      text: "abc<def>",
      channelId: channel.id,
      userId: "U2",
    });
    await replied;

    // Assess
    expect(emulator.ephemerals(channel.id)[0]?.text).toMatch(/may only contain letters, digits/);
    expect(emulator.messages(channel.id)).toHaveLength(0);
  });
});
