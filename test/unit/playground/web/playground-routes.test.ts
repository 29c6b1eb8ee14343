import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PlaygroundState } from "../../../../src/playground/web/playground-state.js";
import { type PlaygroundHarness, startPlaygroundHarness } from "./playground-harness.js";

const NOW = new Date("2026-03-01T10:20:30.456Z");
const SAMPLE = {
  name: "api-5xx-rate",
  alarm: {
    AlarmName: "api-5xx-rate",
    NewStateValue: "ALARM",
    StateChangeTime: "2020-01-01T00:00:00.000+0000",
  },
  ok: { AlarmName: "api-5xx-rate", NewStateValue: "OK", StateChangeTime: "2020-01-01T00:00:00.000+0000" },
};
const INJECTION = "</script><script>alert(1)</script>";

let h: PlaygroundHarness;
let client: WebClient;
const fired: object[] = [];

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function state(): Promise<PlaygroundState> {
  return (await (await fetch(`${h.baseUrl}/playground/state`)).json()) as PlaygroundState;
}

const incidentBlocks = [
  { type: "header", text: { type: "plain_text", text: "🔴 ALARM: api-5xx-rate" } },
  {
    type: "actions",
    block_id: "incident",
    elements: [
      { type: "button", action_id: "ack", text: { type: "plain_text", text: "Acknowledge" }, value: "ep-1" },
      {
        type: "checkboxes",
        action_id: "runbook_check",
        options: [
          { text: { type: "plain_text", text: "Paged" }, value: "paged" },
          { text: { type: "plain_text", text: "Rolled back" }, value: "rollback" },
        ],
      },
    ],
  },
];

beforeAll(async () => {
  h = await startPlaygroundHarness({
    sampleAlarms: [SAMPLE, { name: INJECTION, alarm: {}, ok: {} }],
    exampleCommands: ["/trace 19e555d0-b349-11f0-9ee0-09606a1108f9"],
    clock: () => NOW,
    fireAlarm: async (_emulator, alarm) => {
      fired.push(alarm);
      return { ok: true, detail: "posted to #alerts" };
    },
  });
  client = new WebClient(h.emulator.botToken, {
    slackApiUrl: h.emulator.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});

beforeEach(() => {
  h.botRequests.length = 0;
  fired.length = 0;
});

afterAll(async () => {
  await h.close();
});

describe("playground routes", () => {
  it("serves the page with the config as inert JSON, so a sample name cannot inject markup", async () => {
    // Act
    const response = await fetch(`${h.baseUrl}/`);
    const html = await response.text();
    // Assess
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(html).not.toContain(INJECTION);
    expect(html).toContain("\\u003c/script\\u003e");
    expect(html).toContain('<script type="module" src="/playground/app.js"></script>');
  });

  it("sends the page with a strict Content-Security-Policy (no inline script or style) and nosniff", async () => {
    // Act
    const response = await fetch(`${h.baseUrl}/`);
    const html = await response.text();
    const csp = response.headers.get("content-security-policy") ?? "";
    // Assess
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(html).not.toMatch(/<script>|<style>| style="| on[a-z]+="/);
  });

  it("serves every stylesheet and script module the page loads, following the imports from app.js", async () => {
    // Prepare
    const html = await (await fetch(`${h.baseUrl}/`)).text();
    const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1] ?? "");
    const entries = [...html.matchAll(/<script type="module" src="([^"]+)">/g)].map((m) => m[1] ?? "");
    // Act
    const modules = new Map<string, string>();
    const pending = [...entries];
    for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
      if (modules.has(path)) continue;
      const response = await fetch(`${h.baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toMatch(/^text\/javascript/);
      const source = await response.text();
      modules.set(path, source);
      for (const m of source.matchAll(/^(?:import|export)\b[^;]*?from "(\.\/[a-z-]+\.js)";$/gm)) {
        pending.push(new URL(m[1] ?? "", `${h.baseUrl}${path}`).pathname);
      }
    }
    const css = await Promise.all(styles.map((path) => fetch(`${h.baseUrl}${path}`)));
    // Assess
    expect(entries).toEqual(["/playground/app.js"]);
    expect([...modules.keys()].sort()).toEqual([
      "/playground/app.js",
      "/playground/emoji.js",
      "/playground/mrkdwn.js",
      "/playground/page-controls.js",
      "/playground/page-state.js",
      "/playground/page.js",
      "/playground/render-blocks.js",
      "/playground/render-layout.js",
    ]);
    expect(modules.get("/playground/mrkdwn.js")).toContain("export function parseMrkdwn");
    expect(styles).toEqual(["/playground/app.css", "/playground/messages.css"]);
    for (const response of css) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/css/);
    }
    const [layout, messages] = await Promise.all(css.map((r) => r.text()));
    expect(layout).toContain(".app {");
    expect(messages).toContain(".msg {");
  });

  it("serves no type declarations or other source files from the browser folder", async () => {
    // Act
    const response = await fetch(`${h.baseUrl}/playground/playground-types.d.ts`);
    // Assess
    expect(response.status).toBe(404);
  });

  it("returns channels with messages, thread replies and files in the state JSON", async () => {
    // Prepare
    const top = await client.chat.postMessage({
      channel: "#inc-state",
      text: "ALARM",
      blocks: incidentBlocks,
    });
    await client.chat.postMessage({ channel: "#inc-state", text: "repeat 2", thread_ts: String(top.ts) });
    await client.filesUploadV2({
      channel_id: String(top.channel),
      content: "a,b\n1,2\n",
      filename: "rows.csv",
    });
    // Act
    const st = await state();
    // Assess
    const channel = st.channels.find((c) => c.name === "inc-state");
    expect(st.userId).toBe("U0PLAYGRND");
    expect(channel?.messages[0]?.blocks).toMatchObject(incidentBlocks);
    expect(channel?.messages[0]?.replies.map((r) => r.text)).toEqual(["repeat 2"]);
    const file = channel?.messages.flatMap((m) => m.files ?? [])[0];
    expect(file?.playground_url).toBe(`/playground/files/${file?.id}`);
    const download = await fetch(`${h.baseUrl}${file?.playground_url}`);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(await download.text()).toBe("a,b\n1,2\n");
  });

  it("forwards a typed command to the bot as a signed slash command", async () => {
    // Act
    const response = await post("/playground/command", {
      channelId: "#alerts",
      text: "  /Trace 19e555d0-b349-11f0-9ee0-09606a1108f9 1h ",
    });
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, status: 200 });
    expect(h.botRequests).toHaveLength(1);
    const fields = h.botRequests[0]?.fields;
    expect(fields?.get("command")).toBe("/trace");
    expect(fields?.get("text")).toBe("19e555d0-b349-11f0-9ee0-09606a1108f9 1h");
    expect(fields?.get("channel_name")).toBe("alerts");
    expect(fields?.get("user_id")).toBe("U0PLAYGRND");
  });

  it("sends a checkbox change as block_actions with the whole selection and remembers it for the page", async () => {
    // Prepare
    const top = await client.chat.postMessage({
      channel: "#inc-tick",
      text: "ALARM",
      blocks: incidentBlocks,
    });
    const body = {
      channelId: String(top.channel),
      messageTs: String(top.ts),
      blockId: "incident",
      actionId: "runbook_check",
      kind: "checkboxes",
      selectedValues: ["rollback"],
    };
    // Act
    const response = await post("/playground/action", body);
    // Assess
    expect(response.status).toBe(200);
    const payload = h.botRequests[0]?.payload;
    expect(payload?.type).toBe("block_actions");
    expect(payload?.actions).toMatchObject([
      { type: "checkboxes", action_id: "runbook_check", selected_options: [{ value: "rollback" }] },
    ]);
    expect(payload?.state).toMatchObject({
      values: { incident: { runbook_check: { selected_options: [{ value: "rollback" }] } } },
    });
    const st = await state();
    const message = st.channels.find((c) => c.name === "inc-tick")?.messages[0];
    expect(message?.selections).toEqual({ incident: { runbook_check: ["rollback"] } });
  });

  it("sends a button click with the button's value and the message's current blocks", async () => {
    // Prepare
    const top = await client.chat.postMessage({
      channel: "#inc-click",
      text: "ALARM",
      blocks: incidentBlocks,
    });
    // Act
    const response = await post("/playground/action", {
      channelId: String(top.channel),
      messageTs: String(top.ts),
      actionId: "ack",
      kind: "button",
    });
    // Assess
    expect(response.status).toBe(200);
    const payload = h.botRequests[0]?.payload;
    expect(payload?.actions).toMatchObject([{ type: "button", action_id: "ack", value: "ep-1" }]);
    expect((payload?.message as { blocks?: unknown })?.blocks).toMatchObject(incidentBlocks);
  });

  it("fires the sample's ALARM payload stamped with the current time", async () => {
    // Act
    const response = await post("/playground/alarm", { name: "api-5xx-rate", state: "ALARM" });
    const closed = await post("/playground/alarm", { name: "api-5xx-rate", state: "OK" });
    // Assess
    expect(await response.json()).toEqual({ ok: true, detail: "posted to #alerts" });
    expect(closed.status).toBe(200);
    expect(fired).toEqual([
      { ...SAMPLE.alarm, StateChangeTime: "2026-03-01T10:20:30.456+0000" },
      { ...SAMPLE.ok, StateChangeTime: "2026-03-01T10:20:30.456+0000" },
    ]);
    expect(SAMPLE.alarm.StateChangeTime).toBe("2020-01-01T00:00:00.000+0000");
  });
});

describe("playground routes refuse bad requests", () => {
  it.each([
    ["/playground/command", "{not json", "the request body must be JSON"],
    ["/playground/command", { channelId: "#alerts", text: "trace abc" }, "text: expected a slash command"],
    [
      "/playground/command",
      { channelId: "Bad Channel", text: "/trace x" },
      "channelId: expected a channel id",
    ],
    [
      "/playground/action",
      { channelId: "#alerts", messageTs: "nope", actionId: "ack", kind: "button" },
      "messageTs",
    ],
    ["/playground/alarm", { name: "api-5xx-rate", state: "PANIC" }, "state:"],
    [
      "/playground/alarm",
      { name: "nope", state: "OK" },
      'name: no sample alarm "nope"; expected one of "api-5xx-rate"',
    ],
  ])("answers 400 with the field at fault for %s %j", async (path, body, detail) => {
    // Act
    const response = await post(path, body);
    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain(detail);
    expect(h.botRequests).toHaveLength(0);
  });

  it("refuses an action on an element the message does not have", async () => {
    // Prepare
    const top = await client.chat.postMessage({ channel: "#inc-bad", text: "ALARM", blocks: incidentBlocks });
    // Act
    const missing = await post("/playground/action", {
      channelId: String(top.channel),
      messageTs: String(top.ts),
      actionId: "nope",
      kind: "button",
    });
    const wrongKind = await post("/playground/action", {
      channelId: String(top.channel),
      messageTs: String(top.ts),
      actionId: "ack",
      kind: "checkboxes",
      selectedValues: [],
    });
    // Assess
    expect(missing.status).toBe(400);
    expect(wrongKind.status).toBe(400);
    expect(((await wrongKind.json()) as { detail: string }).detail).toContain('"ack" is a button');
    expect(h.botRequests).toHaveLength(0);
  });

  it("refuses non-JSON content types, foreign origins and oversized bodies", async () => {
    // Act
    const form = await post("/playground/command", "text=/trace", { "content-type": "text/plain" });
    const foreign = await post(
      "/playground/command",
      { channelId: "#a", text: "/x" },
      { origin: "https://evil.example" },
    );
    const huge = await post("/playground/command", {
      channelId: "#alerts",
      text: `/trace ${"x".repeat(20_000)}`,
    });
    // Assess
    expect(form.status).toBe(415);
    expect(foreign.status).toBe(403);
    expect(huge.status).toBe(413);
    expect(h.botRequests).toHaveLength(0);
  });
});
