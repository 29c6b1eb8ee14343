import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { prepareForStart } from "../../src/config/prepare-config.js";
import { type RunningKlaxon, startKlaxon } from "../../src/main.js";
import { type Playground, preparePlayground } from "../../src/playground/prepare-playground.js";
import { sampleIdsFor } from "../../src/playground/samples/sample-ids.js";
import { silentLogger } from "../../src/shared/logger.js";
import { launchTestBrowser, testBrowser } from "../support/test-browser.js";

// The whole playground as `npm start` runs it with nothing configured: real bot, real emulator, generated
// sample logs, the local Insights engine, driven through the page the way a person would.

/** The browser found for this run; without one the suite skips (see test/support/find-browser.ts). */
const BROWSER = testBrowser();
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const RUNBOOKS_DIR = fileURLToPath(new URL("../../runbooks", import.meta.url));
const ALARM = "axonflow-high-latency";
const FIRST_STEP = "latency-percentiles-over-time-p50-p95-p9";
/** The time the sample logs end at; the DynamoAI reqId (a UUIDv1) carries a time derived from it. */
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const WAIT = { timeout: 10_000 };
/** /trace widens its window three times over nine services before it gives up on the six without the ID. */
const TRACE_WAIT = { timeout: 20_000 };

let tmp: string;
let playground: Playground;
let running: RunningKlaxon;
let browser: Browser;
let page: Page;
let alarmTs: string;
const pageErrors: string[] = [];

function alarmMessage(): Locator {
  return page.locator(`[data-testid="message"][data-ts="${alarmTs}"]`);
}

function topMessage(text: string): Locator {
  return page.getByTestId("message").filter({ hasText: text });
}

async function runCommand(text: string): Promise<void> {
  await page.getByTestId("command-input").fill(text);
  await page.getByTestId("command-input").press("Enter");
  const name = text.split(" ")[0] ?? text;
  await page
    .getByTestId("command-status")
    .filter({ hasText: `${name}: the bot answered` })
    .waitFor(WAIT);
}

/** Scrolls the timeline so a message starts at the top of the view, for a screenshot a person can read. */
async function showFromTop(message: Locator): Promise<void> {
  await message.evaluate((el) => el.scrollIntoView({ block: "start" }));
}

async function openThread(message: Locator): Promise<Locator> {
  const thread = message.getByTestId("thread");
  if ((await thread.count()) === 0) await message.getByTestId("thread-toggle").click();
  await thread.waitFor(WAIT);
  return thread;
}

beforeAll(async () => {
  if (!BROWSER) return;
  tmp = mkdtempSync(join(tmpdir(), "klaxon-playground-full-"));
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
  expect(config.mode).toBe("playground");
  const logger = silentLogger();
  playground = await preparePlayground(config, logger, NOW);
  running = await startKlaxon(prepareForStart(playground.config), {
    logger,
    logsDir: playground.logsDir,
    extraRoutes: playground.routes,
    host: "127.0.0.1",
  });
  playground.connect(running.url);
  browser = await launchTestBrowser(BROWSER);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${running.url}/`);
  await page.getByTestId("live-status").filter({ hasText: "live" }).waitFor(WAIT);
});

afterAll(async () => {
  await browser?.close();
  await running?.stop(2_000);
  await playground?.emulator.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!BROWSER)("the full playground (real bot, emulator, sample logs) in Chromium", () => {
  it("renders a fired sample alarm in #inc-axonflow with its trigger, Acknowledge and the runbook checklist", async () => {
    // Act
    await page.locator(`[data-testid="alarm-button"][data-sample="${ALARM}"][data-state="ALARM"]`).click();
    const header = page.getByTestId("block-header").filter({ hasText: `ALARM: ${ALARM}` });
    await header.waitFor(WAIT);

    // Assess
    await expect(page.getByTestId("channel-title").textContent()).resolves.toBe("# inc-axonflow");
    const message = topMessage(`ALARM: ${ALARM}`);
    alarmTs = String(await message.getAttribute("data-ts"));
    await expect(header.textContent()).resolves.toBe(`🔴 ALARM: ${ALARM}`);
    await expect(alarmMessage().textContent()).resolves.toContain("p95 TargetResponseTime > 5 for 3 × 5 min");
    await expect(
      alarmMessage().getByTestId("block-button").filter({ hasText: "Acknowledge" }).count(),
    ).resolves.toBe(1);
    await alarmMessage().getByTestId("thread-toggle").waitFor(WAIT);
    const thread = await openThread(alarmMessage());
    const checklist = thread.getByTestId("thread-reply").filter({ hasText: "Runbook: High latency" });
    await checklist.waitFor(WAIT);
    await expect(checklist.getByTestId("checkbox").count()).resolves.toBe(6);
    await expect(checklist.textContent()).resolves.toContain("0/6 steps done");
    await expect(checklist.getByTestId("block-section").first().textContent()).resolves.toMatch(
      /^📋 Runbook: High latency/,
    );
  });

  it("records a ticked checklist step: the checklist re-renders with 1/6 done", async () => {
    // Prepare
    const checklist = alarmMessage().getByTestId("thread-reply").filter({ hasText: "Runbook: High latency" });

    // Act
    await checklist.locator(`[data-testid="checkbox"][data-value="${FIRST_STEP}"]`).check();

    // Assess
    await checklist.filter({ hasText: "1/6 steps done" }).waitFor(WAIT);
    await expect(
      checklist.locator(`[data-testid="checkbox"][data-value="${FIRST_STEP}"]`).isChecked(),
    ).resolves.toBe(true);
  });

  it("acknowledges from the alarm's button and shows who acknowledged", async () => {
    // Act
    await alarmMessage().getByTestId("block-button").filter({ hasText: "Acknowledge" }).click();

    // Assess
    const reply = alarmMessage().getByTestId("thread-reply").filter({ hasText: "Acknowledged by" });
    await reply.waitFor(WAIT);
    await alarmMessage().getByTestId("block-context").filter({ hasText: "acknowledged by" }).waitFor(WAIT);
    await expect(reply.textContent()).resolves.toContain("Acknowledged by @you");
    await expect(
      alarmMessage().getByTestId("block-button").filter({ hasText: "Acknowledge" }).count(),
    ).resolves.toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await showFromTop(alarmMessage());
    await page.screenshot({ path: join(ARTIFACTS, "playground-alarm.png") });
    expect(pageErrors).toEqual([]);
  });

  it("answers /trace with a DynamoAI request's timeline across the three services and its first error", async () => {
    // Prepare
    const { dynamoaiReqId } = sampleIdsFor(NOW);

    // Act
    await runCommand(`/trace ${dynamoaiReqId}`);

    // Assess
    const trace = topMessage(`Trace ${dynamoaiReqId}`);
    await trace.filter({ hasText: "lines from 3 of" }).waitFor(TRACE_WAIT);
    const text = String(await trace.textContent());
    for (const service of ["dynamoai-api", "dynamoai-moderation", "dynamoai-models"]) {
      expect(text).toContain(service);
    }
    expect(text).toMatch(/First error in dynamoai-models .*CUDA out of memory/);
    await showFromTop(trace);
    await page.screenshot({ path: join(ARTIFACTS, "playground-trace.png") });
  }, 30_000);

  it("answers /errors axonflow-api with the error spike summary", async () => {
    // Act
    await runCommand("/errors axonflow-api");

    // Assess
    const summary = page.getByTestId("message").filter({ hasText: "Spike started" });
    await summary.waitFor(WAIT);
    await expect(summary.textContent()).resolves.toContain("axonflow-api");
  });

  it("resolves the incident when the OK arrives: the message turns OK and the thread says Back to OK", async () => {
    // Act
    await page.locator(`[data-testid="alarm-button"][data-sample="${ALARM}"][data-state="OK"]`).click();

    // Assess
    await alarmMessage().getByTestId("block-header").filter({ hasText: "RESOLVED" }).waitFor(WAIT);
    await expect(alarmMessage().getByTestId("block-header").textContent()).resolves.toBe(
      `✅ RESOLVED: ${ALARM}`,
    );
    await expect(
      alarmMessage().getByTestId("block-button").filter({ hasText: "Snooze" }).count(),
    ).resolves.toBe(0);
    const thread = await openThread(alarmMessage());
    await thread.getByTestId("thread-reply").filter({ hasText: "Back to OK after" }).waitFor(WAIT);
    expect(pageErrors).toEqual([]);
  });
});
