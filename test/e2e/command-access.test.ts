import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_CONFIG_PATH, loadConfig } from "../../src/config/load-config.js";
import type { ServiceConfig } from "../../src/config/schema.js";
import { createLocalLogsBackend } from "../../src/insights/local-engine/local-logs-backend.js";
import type { LogsQueryBackend } from "../../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../../src/insights/query-limiter.js";
import { DEFAULT_SAMPLE_NOW, sampleIdsFor } from "../../src/playground/samples/sample-ids.js";
import type { EmulatorChange } from "../../src/playground/slack-emulator/emulator-types.js";
import type { SlackEmulator } from "../../src/playground/slack-emulator/slack-emulator.js";
import { silentLogger } from "../../src/shared/logger.js";
import { registerErrorsCommand } from "../../src/slack/listeners/errors-command.js";
import { registerTraceCommand } from "../../src/slack/listeners/trace-command.js";
import { type BoltOnEmulator, startBoltOnEmulator } from "../fakes/bolt-on-emulator.js";

const CONFIGURED = loadConfig({ KLAXON_CONFIG: BUILTIN_CONFIG_PATH }, "/").file.services;
const ONCALL = "S0ONCALL";
/** Filled with the emulator's channel id once it exists; the services below refer to this array. */
const incidentChannels: string[] = [];
const SERVICES: Record<string, ServiceConfig> = {
  ...CONFIGURED,
  "tradai-backend": { ...(CONFIGURED["tradai-backend"] as ServiceConfig), allowedChannels: incidentChannels },
  "dynamoai-models": { ...(CONFIGURED["dynamoai-models"] as ServiceConfig), allowedUserGroups: [ONCALL] },
};
const LIMITS = { timeoutSeconds: 60, maxBytesScanned: 10 * 1024 ** 3, pollIntervalMs: 10 };

describe("/errors and /trace stay inside the configured services and their allowed channels and user groups", () => {
  const SECRET = "access-e2e-signing-secret";
  let emulator: SlackEmulator;
  let bolt: BoltOnEmulator;
  const queried: string[][] = [];
  const groupLookups: string[] = [];

  beforeAll(async () => {
    bolt = await startBoltOnEmulator(SECRET, (app) => {
      const clock = () => DEFAULT_SAMPLE_NOW;
      const local = createLocalLogsBackend({
        logsDir: fileURLToPath(new URL("../../samples/logs", import.meta.url)),
        clock,
      });
      const backend: LogsQueryBackend = {
        startQuery: (input) => {
          queried.push([...input.logGroupNames]);
          return local.startQuery(input);
        },
        getQueryResults: (id) => local.getQueryResults(id),
        stopQuery: (id) => local.stopQuery(id),
      };
      const deps = {
        services: SERVICES,
        backend,
        limiter: createQueryLimiter(4),
        clock,
        sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
        logger: silentLogger(),
        limits: LIMITS,
        region: "us-east-1",
      };
      const userGroupsOf = async (userId: string) => {
        groupLookups.push(userId);
        return userId === "U0ONCALL" ? [ONCALL] : [];
      };
      registerErrorsCommand(app, {
        errors: deps,
        logger: silentLogger(),
        onCommand: () => {},
        chart: false,
        userGroupsOf,
      });
      registerTraceCommand(app, { trace: deps, logger: silentLogger(), userGroupsOf });
    });
    emulator = bolt.emulator;
    incidentChannels.push(emulator.createChannel("inc-tradai").id);
  });

  afterAll(async () => {
    await bolt.stop();
  });

  const nextChange = (predicate: (change: EmulatorChange) => boolean) => bolt.nextChange(predicate);
  const command = async (name: "/errors" | "/trace", text: string, channelId: string, userId = "U1") => {
    const answered = nextChange((c) => c.type === "ephemeral" || c.type === "message_changed");
    await emulator.sendSlashCommand({ command: name, text, channelId, userId });
    await answered;
  };

  it("refuses /errors on a literal log group by default, naming the services and errors.allowAnyLogGroup", async () => {
    const channel = emulator.createChannel("random");
    const before = queried.length;

    await command("/errors", "/aws/lambda/payroll-secrets 1h", channel.id);

    expect(emulator.messages(channel.id)).toHaveLength(0);
    const text = emulator.ephemerals(channel.id)[0]?.text ?? "";
    expect(text).toContain("only looks at configured services");
    expect(text).toContain("axonflow-api");
    expect(text).toContain("errors.allowAnyLogGroup: true");
    expect(queried.length).toBe(before);
  });

  it("runs /errors on a channel-limited service only in its allowed channel", async () => {
    const elsewhere = emulator.createChannel("general");
    const before = queried.length;

    await command("/errors", "tradai-backend 1h", elsewhere.id);
    const refusedQueries = queried.length - before;
    await command("/errors", "tradai-backend 1h", incidentChannels[0] ?? "");

    expect(refusedQueries).toBe(0);
    expect(emulator.messages(elsewhere.id)).toHaveLength(0);
    expect(emulator.ephemerals(elsewhere.id)[0]?.text).toContain(
      `tradai-backend can only be queried in its allowed channels (${incidentChannels[0]})`,
    );
    expect(emulator.messages(incidentChannels[0] ?? "")[0]?.text).toMatch(/^Errors in tradai-backend/);
  });

  it("refuses /trace on a service limited to a user group for a user outside it", async () => {
    const channel = emulator.createChannel("ops-trace");
    const { dynamoaiReqId } = sampleIdsFor(DEFAULT_SAMPLE_NOW);
    const before = queried.length;

    await command("/trace", `${dynamoaiReqId} services=dynamoai-models`, channel.id, "U0DEV");

    expect(queried.length).toBe(before);
    expect(groupLookups).toContain("U0DEV");
    expect(emulator.messages(channel.id)).toHaveLength(0);
    expect(emulator.ephemerals(channel.id)[0]?.text).toContain(
      `dynamoai-models is limited to members of the user groups ${ONCALL}`,
    );
  });

  it("leaves services a user may not query out of an unfiltered /trace, and includes them for a member", async () => {
    const channel = emulator.createChannel("inc-dynamoai");
    const { dynamoaiReqId } = sampleIdsFor(DEFAULT_SAMPLE_NOW);
    const done = () => nextChange((c) => c.type === "message_changed" && c.message.text.startsWith("Trace "));

    let finished = done();
    await emulator.sendSlashCommand({
      command: "/trace",
      text: dynamoaiReqId,
      channelId: channel.id,
      userId: "U0DEV",
    });
    await finished;
    const forDev = JSON.stringify(emulator.messages(channel.id)[0]?.blocks ?? []);
    finished = done();
    await emulator.sendSlashCommand({
      command: "/trace",
      text: dynamoaiReqId,
      channelId: channel.id,
      userId: "U0ONCALL",
    });
    await finished;
    const forOncall = JSON.stringify(emulator.messages(channel.id)[1]?.blocks ?? []);

    expect(forDev).toContain("dynamoai-api");
    expect(forDev).not.toContain("dynamoai-models");
    expect(forDev).not.toContain("tradai-backend");
    expect(forOncall).toContain("dynamoai-models");
  });
});
