import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { loadConfig } from "../../src/config/load-config.js";
import { prepareForStart } from "../../src/config/prepare-config.js";
import { startKlaxon } from "../../src/main.js";
import { silentLogger } from "../../src/shared/logger.js";
import { BASE_CONFIG, SIGNING_SECRET } from "../support/harness.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "klaxon-region-"));
  writeFileSync(join(dir, "klaxon.yaml"), BASE_CONFIG);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function realSlackConfig(extra: Record<string, string> = {}) {
  return loadConfig(
    {
      PORT: "0",
      SLACK_BOT_TOKEN: "xoxb-region-test",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: "http://127.0.0.1:9/api/",
      KLAXON_CONFIG: join(dir, "klaxon.yaml"),
      KLAXON_DB: join(dir, "klaxon.db"),
      KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
      ...extra,
    },
    dir,
  );
}

// What the SDK's chain answers on a machine with no AWS_REGION and no profile region.
const noRegion = async (): Promise<string> => {
  throw new Error("Region is missing");
};

describe("AWS region at start-up", () => {
  it("refuses to start with CloudWatch Logs queries and no region, naming AWS_REGION", async () => {
    // Act
    const start = startKlaxon(prepareForStart(realSlackConfig()), {
      logger: silentLogger(),
      host: "127.0.0.1",
      regionProvider: noRegion,
    });
    // Assess
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/env AWS_REGION: no AWS region is set.*CloudWatch Logs queries/);
  });

  it("starts without a region when queries run on local logs and nothing else calls AWS", async () => {
    // Act
    const bot = await startKlaxon(prepareForStart(realSlackConfig({ KLAXON_LOGS_DIR: dir })), {
      logger: silentLogger(),
      host: "127.0.0.1",
      regionProvider: noRegion,
    });
    // Assess
    try {
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await bot.stop(1_000);
    }
  });
});
