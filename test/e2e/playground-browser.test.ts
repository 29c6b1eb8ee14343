import { mkdirSync } from "node:fs";
import type { KnownBlock } from "@slack/types";
import { LogLevel, WebClient } from "@slack/web-api";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../../src/playground/slack-emulator/slack-emulator.js";
import { launchTestBrowser, testBrowser } from "../support/test-browser.js";
import { type PlaygroundHarness, startPlaygroundHarness } from "../unit/playground/web/playground-harness.js";

const ARTIFACTS = new URL("../artifacts/", import.meta.url);
const ALARM_NAME = "checkout-api-5xx";
/** The browser found for this run; without one the suite skips (see test/support/find-browser.ts). */
const BROWSER = testBrowser();

/** What the stub bot posts when the sample alarm fires: every kind of block the test clicks or reads. */
function alarmBlocks(state: string): KnownBlock[] {
  return [
    { type: "header", text: { type: "plain_text", text: `🔴 ${state}: ${ALARM_NAME} <b>not bold</b>` } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: "<!here> *5xx rate* above _threshold_ ~old~ `HTTPCode_Target_5XX_Count` &lt;img src=x onerror=window.__xss=1&gt; <https://console.aws.amazon.com/cloudwatch|Open console>",
      },
    },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: "*Region*\nus-east-2" },
        { type: "mrkdwn", text: "*Since*\n<!date^1700000000^{date_short_pretty} {time}|2023-11-14>" },
      ],
    },
    {
      type: "actions",
      block_id: "incident",
      elements: [
        {
          type: "button",
          action_id: "ack",
          style: "primary",
          text: { type: "plain_text", text: "Acknowledge" },
          value: "ep-1",
        },
        {
          type: "checkboxes",
          action_id: "runbook_check",
          options: [
            { text: { type: "mrkdwn", text: "*Paged* on-call" }, value: "paged" },
            { text: { type: "plain_text", text: "Rolled back" }, value: "rollback" },
          ],
        },
      ],
    },
    {
      type: "context",
      elements: [
        { type: "mrkdwn", text: "via SNS · arn:aws:cloudwatch:us-east-2:123456789012:alarm:checkout" },
      ],
    },
  ];
}

async function fireByPosting(
  emulator: SlackEmulator,
  alarm: object,
): Promise<{ ok: boolean; detail: string }> {
  const client = new WebClient(emulator.botToken, {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
  const state = String((alarm as { NewStateValue?: unknown }).NewStateValue);
  const top = await client.chat.postMessage({
    channel: "#alerts",
    text: `${state}: ${ALARM_NAME}`,
    blocks: alarmBlocks(state),
  });
  await client.chat.postMessage({
    channel: "#alerts",
    thread_ts: String(top.ts),
    text: "First look: *42* errors in 5 min",
  });
  return { ok: true, detail: "posted to #alerts" };
}

let h: PlaygroundHarness;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!BROWSER) return;
  h = await startPlaygroundHarness({
    sampleAlarms: [
      {
        name: ALARM_NAME,
        alarm: { AlarmName: ALARM_NAME, NewStateValue: "ALARM" },
        ok: { AlarmName: ALARM_NAME, NewStateValue: "OK" },
      },
    ],
    exampleCommands: ["/trace 19e555d0-b349-11f0-9ee0-09606a1108f9", "/errors checkout 1h"],
    fireAlarm: fireByPosting,
    botAnswer: (request) =>
      request.fields.get("command") === "/trace"
        ? JSON.stringify({ response_type: "ephemeral", text: "Tracing `abc` over the last *1h*…" })
        : "",
  });
  browser = await launchTestBrowser(BROWSER);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe.skipIf(!BROWSER)("playground page in Chromium", () => {
  it("renders a fired alarm, sends checkbox ticks and commands to the bot, and shows the answer", async () => {
    // Prepare
    await page.goto(h.baseUrl);
    await page.getByTestId("live-status").filter({ hasText: "live" }).waitFor();

    // Act: fire the sample alarm; the page follows the bot into #alerts
    await page.locator('[data-testid="alarm-button"][data-state="ALARM"]').click();
    const message = page.getByTestId("message").first();
    await message.getByTestId("block-header").waitFor();

    // Assess: Block Kit rendered, Slack content kept as text
    await expect(page.getByTestId("channel-item").getAttribute("data-channel-name")).resolves.toBe("alerts");
    await expect(message.getByTestId("block-header").textContent()).resolves.toBe(
      `🔴 ALARM: ${ALARM_NAME} <b>not bold</b>`,
    );
    await expect(message.locator("strong").first().textContent()).resolves.toBe("5xx rate");
    await expect(message.getByTestId("pill-broadcast").textContent()).resolves.toBe("@here");
    await expect(
      message.locator("a[href='https://console.aws.amazon.com/cloudwatch']").textContent(),
    ).resolves.toBe("Open console");
    await expect(message.getByTestId("block-fields").locator(".bk-field").count()).resolves.toBe(2);
    await expect(message.locator("img").count()).resolves.toBe(0);
    await expect(
      page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss),
    ).resolves.toBeUndefined();

    // Act: open the thread
    await message.getByTestId("thread-toggle").click();
    await expect(page.getByTestId("thread-reply").first().textContent()).resolves.toContain(
      "42 errors in 5 min",
    );

    // Act: tick a checkbox
    await message.locator('[data-testid="checkbox"][data-value="paged"]').check();
    await h.waitForBotRequests(1);

    // Assess: the bot got Slack's block_actions with the selection
    const action = h.botRequests[0]?.payload;
    expect(action?.type).toBe("block_actions");
    expect(action?.actions).toMatchObject([
      { type: "checkboxes", action_id: "runbook_check", selected_options: [{ value: "paged" }] },
    ]);
    await page.getByTestId("command-status").filter({ hasText: "runbook_check: the bot answered" }).waitFor();
    await expect(message.locator('[data-testid="checkbox"][data-value="paged"]').isChecked()).resolves.toBe(
      true,
    );

    // Act: run a slash command from the box
    await page.getByTestId("example-command").first().click();
    await page.getByTestId("command-input").fill("/trace abc 1h");
    await page.getByTestId("command-input").press("Enter");
    await h.waitForBotRequests(2);

    // Assess: signed slash command arrived; its ephemeral answer is shown to the user only
    expect(h.botRequests[1]?.fields.get("command")).toBe("/trace");
    expect(h.botRequests[1]?.fields.get("text")).toBe("abc 1h");
    const ephemeral = page.getByTestId("ephemeral-message");
    await ephemeral.waitFor();
    await expect(ephemeral.textContent()).resolves.toContain("Only visible to you");
    await expect(ephemeral.locator("code").textContent()).resolves.toBe("abc");
    expect(pageErrors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL("playground.png", ARTIFACTS).pathname, fullPage: false });
  });
});
