import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_SERVICE_YAML, writeHostileLogs } from "../fakes/hostile-logs.js";
import { BASE_CONFIG, type Harness, startHarness, waitFor } from "./harness.js";
import { startHealthzProber } from "./healthz-prober.js";

const NOW = new Date("2026-11-20T12:00:00.000Z");
// 250 distinct 4.7 KB lines in each of the three windows: before pattern masking was linear and ran off the
// main thread, grouping them held the event loop for about ten seconds.
const PER_WINDOW = 250;

describe("the event loop while /errors groups hostile log lines", () => {
  let h: Harness;
  let logsDir: string;

  beforeAll(async () => {
    logsDir = mkdtempSync(join(tmpdir(), "klaxon-hostile-logs-"));
    writeHostileLogs(logsDir, NOW.getTime(), PER_WINDOW);
    h = await startHarness({
      config: `${BASE_CONFIG}${HOSTILE_SERVICE_YAML}insights:\n  pollIntervalMs: 100\n`,
      clock: () => NOW,
      env: { KLAXON_LOGS_DIR: logsDir },
    });
  });

  afterAll(async () => {
    await h.close();
    rmSync(logsDir, { recursive: true, force: true });
  });

  it("answers every 100 ms /healthz probe in under 200 ms until the summary and its chart are posted", async () => {
    // Prepare
    const channel = h.slack.createChannel("inc-hostile");
    // A first command and probe warm up the code paths every request takes, so only the work itself is measured.
    await h.slack.sendSlashCommand({
      command: "/errors",
      text: "nosuch",
      channelId: channel.id,
      userId: "U1",
    });
    await (await fetch(`${h.bot.url}/healthz`)).text();
    const prober = await startHealthzProber(`${h.bot.url}/healthz`, 100);

    // Act
    await h.slack.sendSlashCommand({
      command: "/errors",
      text: "hostile",
      channelId: channel.id,
      userId: "U1",
    });
    await waitFor(
      () => (h.slack.messages(channel.id)[0]?.replies[0]?.files?.length ?? 0) > 0,
      "the /errors summary and its chart",
      120_000,
    );
    const probes = await prober.stop();

    // Assess
    const summary = h.slack.messages(channel.id)[0];
    expect(summary?.text).toMatch(/^Errors in hostile: 250 in last 1h vs 250 before/);
    expect(JSON.stringify(summary?.blocks)).toContain("&lt;email&gt;");
    expect(probes.failures).toEqual([]);
    expect(probes.latenciesMs.length).toBeGreaterThanOrEqual(5);
    expect(probes.maxMs).toBeLessThan(200);
  }, 180_000);
});
