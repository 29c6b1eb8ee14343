import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { prepareForStart } from "../../src/config/prepare-config.js";
import { type RunningKlaxon, startKlaxon } from "../../src/main.js";
import { type Playground, preparePlayground } from "../../src/playground/prepare-playground.js";
import { silentLogger } from "../../src/shared/logger.js";
import { waitFor } from "../support/harness.js";

// The playground without a browser: its HTTP routes as the page calls them (fire a sample, type commands).

const RUNBOOKS_DIR = fileURLToPath(new URL("../../runbooks", import.meta.url));
const ALARM = "axonflow-high-latency";
let tmp: string;
let playground: Playground;
let running: RunningKlaxon;

interface State {
  channels: { id: string; name: string; messages: { text: string; blocks?: unknown[] }[] }[];
  responses: { text?: string }[];
}

async function post(path: string, body: object): Promise<{ ok?: boolean }> {
  const res = await fetch(`${running.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok?: boolean };
}

async function state(): Promise<State> {
  return (await (await fetch(`${running.url}/playground/state`)).json()) as State;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "klaxon-playground-lifecycle-"));
  const cwd = join(tmp, "cwd");
  mkdirSync(cwd, { recursive: true });
  const config = loadConfig(
    {
      PORT: "0",
      KLAXON_DB: join(tmp, "data", "klaxon.db"),
      KLAXON_LOG_LEVEL: "silent",
      KLAXON_RUNBOOKS_DIR: RUNBOOKS_DIR,
    },
    cwd,
  );
  const logger = silentLogger();
  playground = await preparePlayground(config, logger, new Date(Math.floor(Date.now() / 1000) * 1000));
  running = await startKlaxon(prepareForStart(playground.config), {
    logger,
    logsDir: playground.logsDir,
    extraRoutes: playground.routes,
    host: "127.0.0.1",
  });
  playground.connect(running.url);
}, 60_000);

afterAll(async () => {
  await running?.stop(2_000);
  await playground?.emulator.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the playground's incident lifecycle commands", () => {
  it("mutes, reports and shows the App Home (via /home) for a fired sample alarm", async () => {
    // Prepare
    expect((await post("/playground/alarm", { name: ALARM, state: "ALARM" })).ok).toBe(true);
    await waitFor(async () => (await state()).channels.some((c) => c.messages.length > 0), "the alarm post");
    const channel = (await state()).channels.find((c) => c.messages.length > 0)?.id ?? "";

    // Act
    await post("/playground/command", { channelId: channel, text: "/klaxon mute batch-* 30m nightly" });
    await post("/playground/command", { channelId: channel, text: "/klaxon report 7d" });
    await post("/playground/command", { channelId: channel, text: "/home" });

    // Assess
    await waitFor(
      async () => (await state()).channels.some((c) => c.name === "klaxon-app-home"),
      "the Home tab",
    );
    const s = await state();
    const home = JSON.stringify(s.channels.find((c) => c.name === "klaxon-app-home")?.messages[0]?.blocks);
    expect(home).toContain(ALARM);
    expect(home).toContain("nightly");
    const texts = s.channels.flatMap((c) => c.messages.map((m) => m.text));
    expect(texts.some((t) => t.includes("muted alarms `batch-*`"))).toBe(true);
    expect(texts.some((t) => t.includes("Alarm hygiene, last 7 days"))).toBe(true);
  });
});
