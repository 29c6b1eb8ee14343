import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import type { DynamoDbSender } from "../../../src/store/dynamodb-store.js";
import { openStore } from "../../../src/wiring/open-store.js";

const NOW = new Date("2026-11-20T10:00:00.000Z");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-open-store-"));
  dirs.push(dir);
  const config = loadConfig({ KLAXON_DB: join(dir, "klaxon.db"), KLAXON_LOG_LEVEL: "silent", ...env }, dir);
  const warnings: string[] = [];
  const logger = pino({ level: "warn" }, { write: (l: string) => warnings.push(JSON.parse(l).msg) });
  const created: string[] = [];
  const dynamodb = async (): Promise<DynamoDbSender> => {
    created.push("dynamodb");
    return { send: async () => ({}) } as unknown as DynamoDbSender;
  };
  return { config, logger, warnings, created, dynamodb };
}

describe("openStore", () => {
  it("opens the SQLite file and creates no DynamoDB client unless KLAXON_STORE=dynamodb", async () => {
    // Prepare
    const s = setup({});

    // Act
    const store = await openStore(s.config, {
      clock: () => NOW,
      logger: s.logger,
      dynamodb: s.dynamodb,
      leaseMs: undefined,
      slackTimeoutMs: 10_000,
    });

    // Assess
    expect(await store.ping()).toBe(true);
    expect(s.created).toEqual([]);
    expect(s.warnings).toEqual([]);
    await store.close();
  });

  it("warns when two thirds of the DynamoDB claim lease would not outlast one unanswered Slack call", async () => {
    // Prepare
    const s = setup({ KLAXON_STORE: "dynamodb", KLAXON_DYNAMODB_TABLE: "klaxon", AWS_REGION: "us-east-1" });

    // Act
    const store = await openStore(s.config, {
      clock: () => NOW,
      logger: s.logger,
      dynamodb: s.dynamodb,
      leaseMs: 9_000,
      slackTimeoutMs: 10_000,
    });

    // Assess
    expect(s.created).toEqual(["dynamodb"]);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toContain(
      "two thirds of the DynamoDB claim lease are shorter than the Slack time-out",
    );
    await store.close();
  });
});
