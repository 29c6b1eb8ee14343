import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer } from "../../../src/http/create-http-server.js";
import { signSlackRequest } from "../../../src/playground/slack-emulator/sign-slack-request.js";
import { type Logger, silentLogger } from "../../../src/shared/logger.js";
import { AckFirstReceiver, verifySlackSignature } from "../../../src/slack/ack-first-receiver.js";
import { createSlackLogger } from "../../../src/slack/slack-logger.js";

const SECRET = "unit-signing-secret";
const NOW = new Date("2026-12-06T10:00:00.000Z");
const NOW_S = NOW.getTime() / 1000;
const FORM = "application/x-www-form-urlencoded";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A Bolt app on the receiver behind klaxon's HTTP server; `register` adds listeners. */
async function startApp(
  register: (app: App) => void,
  options: {
    unackedTimeoutMs?: number;
    posted?: { url: string; message: unknown }[];
    logger?: Logger;
    fetch?: typeof fetch;
  } = {},
): Promise<string> {
  const receiver = new AckFirstReceiver({
    signingSecret: SECRET,
    clock: () => NOW,
    logger: options.logger ?? silentLogger(),
    maxBodyBytes: 64 * 1024,
    ...(options.unackedTimeoutMs !== undefined && { unackedTimeoutMs: options.unackedTimeoutMs }),
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.posted && {
      postToResponseUrl: async (url: string, message: unknown) => {
        options.posted?.push({ url, message });
      },
    }),
  });
  const app = new App({
    token: "xoxb-unit",
    botId: "B0UNIT",
    botUserId: "U0BOT",
    receiver,
    logger: createSlackLogger(silentLogger(), LogLevel.ERROR),
    logLevel: LogLevel.ERROR,
    convoStore: false,
  });
  register(app);
  const server = createHttpServer(
    [{ method: "POST", path: "/slack/events", handler: receiver.handler }],
    silentLogger(),
  );
  return `${await listen(server)}/slack/events`;
}

function commandBody(text = "help"): string {
  return new URLSearchParams({
    command: "/klaxon",
    text,
    team_id: "T0UNIT",
    channel_id: "C0UNIT",
    user_id: "U0USER",
    response_url: "https://hooks.slack.invalid/commands/1",
    trigger_id: "1.2.3",
  }).toString();
}

async function post(
  url: string,
  body: string,
  options: { type?: string; ts?: number | string; secret?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; type: string | null }> {
  const ts = options.ts ?? NOW_S;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": options.type ?? FORM,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(options.secret ?? SECRET, ts, body),
      ...options.headers,
    },
    body,
  });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
}

function gate(): { wait: Promise<void>; open(): void } {
  let open = () => {};
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe("AckFirstReceiver", () => {
  it("reads a form body whose content type carries parameters or other letter case", async () => {
    const seen: string[] = [];
    const url = await startApp((app) => {
      app.command("/klaxon", async ({ command, ack }) => {
        await ack();
        seen.push(command.text);
      });
    });

    const res = await post(url, commandBody("help"), {
      type: "Application/X-WWW-Form-Urlencoded; charset=utf-8",
    });
    await settle();

    expect(res.status).toBe(200);
    expect(seen).toEqual(["help"]);
  });

  it("answers a signed slash command with an empty 200 before its listener has done anything", async () => {
    const listenerDone = gate();
    const seen: string[] = [];
    const url = await startApp((app) => {
      app.command("/klaxon", async ({ command }) => {
        seen.push(command.text);
        await listenerDone.wait;
        seen.push("finished");
      });
    });

    const res = await post(url, commandBody("status"));

    expect(res).toMatchObject({ status: 200, text: "" });
    expect(seen).not.toContain("finished");
    listenerDone.open();
    await settle();
    expect(seen).toEqual(["status", "finished"]);
  });

  it("acks a block action before its listener runs and hands the listener the parsed payload", async () => {
    const actions: string[] = [];
    const url = await startApp((app) => {
      app.action("ack_episode", async ({ ack, action }) => {
        await ack();
        actions.push((action as { value?: string }).value ?? "");
      });
    });
    const payload = {
      type: "block_actions",
      team: { id: "T0UNIT" },
      user: { id: "U0USER" },
      api_app_id: "A0UNIT",
      trigger_id: "1.2.3",
      response_url: "https://hooks.slack.invalid/actions/1",
      actions: [{ type: "button", action_id: "ack_episode", block_id: "b", value: "ep-1", action_ts: "1" }],
    };

    const res = await post(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    await settle();

    expect(res).toMatchObject({ status: 200, text: "" });
    expect(actions).toEqual(["ep-1"]);
  });

  it("forwards a command listener's ack message to response_url, where Slack would show it", async () => {
    const posted: { url: string; message: unknown }[] = [];
    const url = await startApp(
      (app) => {
        app.command("/klaxon", async ({ ack }) => {
          await ack({ response_type: "ephemeral", text: "working on it" });
        });
      },
      { posted },
    );

    const res = await post(url, commandBody());
    await settle();

    expect(res.status).toBe(200);
    expect(posted).toEqual([
      {
        url: "https://hooks.slack.invalid/commands/1",
        message: { response_type: "ephemeral", text: "working on it" },
      },
    ]);
  });

  it("posts a late ack message as JSON through the fetch it is given", async () => {
    const calls: { url: string; type: string | null; body: string }[] = [];
    const fetchSpy: typeof fetch = async (input, init) => {
      calls.push({
        url: String(input),
        type: new Headers(init?.headers).get("content-type"),
        body: String(init?.body),
      });
      return new Response("ok", { status: 200 });
    };
    const url = await startApp(
      (app) => {
        app.command("/klaxon", async ({ ack }) => {
          await ack("working on it");
        });
      },
      { fetch: fetchSpy },
    );

    const res = await post(url, commandBody());
    await settle();

    expect(res.status).toBe(200);
    expect(calls).toEqual([
      {
        url: "https://hooks.slack.invalid/commands/1",
        type: "application/json",
        body: JSON.stringify({ text: "working on it" }),
      },
    ]);
  });

  it("waits for a view submission's listener and answers with the body it acks with", async () => {
    const url = await startApp((app) => {
      app.view("mute_modal", async ({ ack }) => {
        await ack({ response_action: "errors", errors: { duration: "Use 30m, 2h or 1d" } });
      });
    });
    const payload = {
      type: "view_submission",
      team: { id: "T0UNIT" },
      user: { id: "U0USER" },
      api_app_id: "A0UNIT",
      view: { id: "V1", callback_id: "mute_modal", type: "modal", state: { values: {} } },
    };

    const res = await post(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());

    expect(res.status).toBe(200);
    expect(res.type).toBe("application/json");
    expect(JSON.parse(res.text)).toEqual({
      response_action: "errors",
      errors: { duration: "Use 30m, 2h or 1d" },
    });
  });

  it("answers 404 when a view submission's listener never acks, as Bolt's receiver does", async () => {
    const url = await startApp(
      (app) => {
        app.view("mute_modal", async () => {});
      },
      { unackedTimeoutMs: 50 },
    );
    const payload = {
      type: "view_submission",
      team: { id: "T0UNIT" },
      user: { id: "U0USER" },
      view: { id: "V1", callback_id: "mute_modal", type: "modal", state: { values: {} } },
    };

    const res = await post(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());

    expect(res.status).toBe(404);
  });

  it("acks an Events API event and runs its listener", async () => {
    const opened: string[] = [];
    const url = await startApp((app) => {
      app.event("app_home_opened", async ({ event }) => {
        opened.push(event.user);
      });
    });
    const body = JSON.stringify({
      type: "event_callback",
      team_id: "T0UNIT",
      api_app_id: "A0UNIT",
      event: { type: "app_home_opened", user: "U0USER", channel: "D1", tab: "home", event_ts: "1" },
      event_id: "Ev1",
      event_time: NOW_S,
    });

    const res = await post(url, body, { type: "application/json" });
    await settle();

    expect(res).toMatchObject({ status: 200, text: "" });
    expect(opened).toEqual(["U0USER"]);
  });

  it("answers a signed url_verification with its challenge", async () => {
    const url = await startApp(() => {});

    const res = await post(url, JSON.stringify({ type: "url_verification", challenge: "c-123" }), {
      type: "application/json",
    });

    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: "c-123" });
  });

  it("answers ssl_check without a signature and ignores anything smuggled next to it", async () => {
    let runs = 0;
    const url = await startApp((app) => {
      app.command("/klaxon", async () => {
        runs++;
      });
    });

    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": FORM },
      body: `ssl_check=1&${commandBody()}`,
    });
    await settle();

    expect(res.status).toBe(200);
    expect(runs).toBe(0);
  });

  it.each([
    ["another secret", { secret: "not-the-secret" }],
    ["a timestamp 301 s old", { ts: NOW_S - 301 }],
    ["a timestamp that is no number", { ts: "soon" }],
    ["no signature", { headers: { "x-slack-signature": "" } }],
    ["the v1 scheme", { headers: { "x-slack-signature": `v1=${"a".repeat(64)}` } }],
  ])("refuses a command signed with %s with 401 and never runs the listener", async (_name, options) => {
    let runs = 0;
    const url = await startApp((app) => {
      app.command("/klaxon", async () => {
        runs++;
      });
    });

    const res = await post(url, commandBody(), options);
    await settle();

    expect(res.status).toBe(401);
    expect(runs).toBe(0);
  });

  it("refuses a body over the limit sent without a length with 413", async () => {
    let runs = 0;
    const url = await startApp((app) => {
      app.command("/klaxon", async () => {
        runs++;
      });
    });
    const body = `${commandBody()}&pad=${"x".repeat(64 * 1024)}`;
    const chunks = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunks.length; i += 8192) controller.enqueue(chunks.slice(i, i + 8192));
        controller.close();
      },
    });

    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": FORM,
        "x-slack-request-timestamp": String(NOW_S),
        "x-slack-signature": signSlackRequest(SECRET, NOW_S, body),
      },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await settle();

    expect(res.status).toBe(413);
    expect(runs).toBe(0);
  });

  it("refuses a signed body that does not parse with 400", async () => {
    const url = await startApp(() => {});

    const res = await post(url, "{not json", { type: "application/json" });

    expect(res.status).toBe(400);
  });

  it("logs a warning when no listener acknowledged an early-acked command", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const url = await startApp(() => {}, { logger });

    const res = await post(url, commandBody());
    await settle();

    expect(res.status).toBe(200);
    expect(lines.map((l) => JSON.parse(l).msg)).toContain(
      "no listener acknowledged a Slack request; check that the command or action is registered",
    );
  });

  it("keeps serving after a listener throws once its command was acknowledged", async () => {
    let runs = 0;
    const url = await startApp((app) => {
      app.command("/klaxon", async () => {
        runs++;
        throw new Error("listener bug");
      });
    });

    const first = await post(url, commandBody());
    const second = await post(url, commandBody());
    await settle();

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(runs).toBe(2);
  });
});

describe("verifySlackSignature", () => {
  const raw = Buffer.from("command=%2Fklaxon");
  const sig = (ts: number | string, body = raw.toString()) => signSlackRequest(SECRET, ts, body);

  it("accepts the signature Slack computes and refuses an uppercase copy of it", () => {
    const nowMs = NOW.getTime();

    expect(
      verifySlackSignature(SECRET, { timestamp: String(NOW_S), signature: sig(NOW_S) }, raw, nowMs),
    ).toBe(true);
    expect(
      verifySlackSignature(
        SECRET,
        { timestamp: String(NOW_S), signature: `v0=${sig(NOW_S).slice(3).toUpperCase()}` },
        raw,
        nowMs,
      ),
    ).toBe(false);
  });

  it("refuses everything when the signing secret is empty", () => {
    const signature = signSlackRequest("", NOW_S, raw.toString());

    expect(verifySlackSignature("", { timestamp: String(NOW_S), signature }, raw, NOW.getTime())).toBe(false);
  });
});
