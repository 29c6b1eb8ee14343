import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { prepareForStart } from "../../src/config/prepare-config.js";
import { type RunningKlaxon, startKlaxon } from "../../src/main.js";
import { silentLogger } from "../../src/shared/logger.js";
import { rawRequest } from "../fakes/hostile-requests.js";
import { sendRaw } from "../fakes/raw-http.js";
import { BASE_CONFIG, SIGNING_SECRET } from "../support/harness.js";

/** Whether this machine can bind the IPv6 loopback at all (containers without IPv6 cannot). */
function ipv6LoopbackAvailable(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once("error", () => resolve(false));
    probe.listen(0, "::1", () => probe.close(() => resolve(true)));
  });
}

describe("klaxon started without a host", () => {
  let dir: string;
  let bot: RunningKlaxon;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "klaxon-listen-"));
    writeFileSync(join(dir, "klaxon.yaml"), BASE_CONFIG);
    const config = loadConfig(
      {
        PORT: "0",
        SLACK_BOT_TOKEN: "xoxb-listen-test",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        // Nothing is posted in this test; the URL only has to parse.
        SLACK_API_URL: "http://127.0.0.1:9/api/",
        KLAXON_CONFIG: join(dir, "klaxon.yaml"),
        KLAXON_DB: join(dir, "klaxon.db"),
        KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
        AWS_REGION: "us-east-2",
      },
      dir,
    );
    bot = await startKlaxon(prepareForStart(config), { logger: silentLogger() });
  });
  afterAll(async () => {
    await bot.stop(1_000);
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers /healthz on IPv4, and on IPv6 loopback where the machine has it", async () => {
    const ipv6 = await ipv6LoopbackAvailable();

    const v4 = await sendRaw(bot.port, rawRequest("GET", "/healthz"), { host: "127.0.0.1" });
    const v6 = ipv6 ? await sendRaw(bot.port, rawRequest("GET", "/healthz"), { host: "::1" }) : undefined;

    expect(v4.status).toBe(200);
    if (ipv6) expect(v6?.status).toBe(200);
    else console.log("http-listen: this machine cannot bind ::1; only the IPv4 answer was checked");
  });
});
