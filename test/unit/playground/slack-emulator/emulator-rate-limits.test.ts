import { LogLevel, WebAPIHTTPError, WebAPIRateLimitedError, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../../src/playground/slack-emulator/slack-emulator.js";

let now = 1_700_000_000_000;
let emulator: SlackEmulator;
let client: WebClient;

function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

beforeEach(async () => {
  now = 1_700_000_000_000;
  emulator = await startSlackEmulator({
    signingSecret: "secret",
    rateLimit: { postsPerChannelPerSecond: 1 },
    clock: () => new Date(now),
  });
  client = new WebClient(emulator.botToken, {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
});

afterEach(async () => {
  await emulator.close();
});

describe("Slack emulator rate limits and injected failures", () => {
  it("answers 429 with Retry-After to a second post in the same channel within a second", async () => {
    // Prepare
    await client.chat.postMessage({ channel: "#a", text: "first" });

    // Act
    const error = await failure(client.chat.postMessage({ channel: "#a", text: "second" }));
    const otherChannel = await client.chat.postMessage({ channel: "#b", text: "elsewhere" });

    // Assess
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(1);
    expect(otherChannel.ok).toBe(true);
    expect(emulator.callsTo("chat.postMessage").map((c) => c.status)).toEqual([200, 429, 200]);
    expect(emulator.callsTo("chat.postMessage")[1]).toMatchObject({ ok: false, error: "ratelimited" });
  });

  it("admits posts again once the one-second window has passed", async () => {
    // Prepare
    const first = await client.chat.postMessage({ channel: "#a", text: "first" });
    now += 1000;

    // Act
    const second = await client.chat.postMessage({ channel: first.channel ?? "", text: "second" });

    // Assess
    expect(second.ok).toBe(true);
    expect(emulator.messages(first.channel ?? "")).toHaveLength(2);
  });

  it("sends the Retry-After header and Slack's ratelimited body on the wire", async () => {
    // Prepare
    emulator.failNext("auth.test", { status: 429, retryAfter: 30 });

    // Act
    const response = await fetch(`${emulator.apiUrl}auth.test`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.botToken}` },
    });

    // Assess
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({ ok: false, error: "ratelimited" });
  });

  it("fails exactly the scripted number of calls with failNext", async () => {
    // Prepare
    emulator.failNext("conversations.list", { status: 429, retryAfter: 7, count: 2 });

    // Act
    const first = await failure(client.conversations.list({}));
    const second = await failure(client.conversations.list({}));
    const third = await client.conversations.list({});

    // Assess
    expect((first as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect((second as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(third.ok).toBe(true);
    expect(emulator.callsTo("conversations.list").map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it("surfaces an injected 503 as an HTTP error", async () => {
    // Prepare
    emulator.failNext("chat.postMessage", { status: 503 });

    // Act
    const error = await failure(client.chat.postMessage({ channel: "#a", text: "x" }));

    // Assess
    expect(error).toBeInstanceOf(WebAPIHTTPError);
    expect((error as WebAPIHTTPError).statusCode).toBe(503);
    expect(emulator.channels()).toHaveLength(0);
  });

  it("fails every method during a failFor outage and recovers after it", async () => {
    // Prepare
    emulator.failFor(5000, { status: 500 });

    // Act
    const during = await failure(client.auth.test());
    now += 5001;
    const after = await client.auth.test();

    // Assess
    expect((during as WebAPIHTTPError).statusCode).toBe(500);
    expect(after.ok).toBe(true);
  });

  it("lets WebClient's own retry recover from a 429 that says retry now", async () => {
    // Prepare
    const retrying = new WebClient(emulator.botToken, {
      slackApiUrl: emulator.apiUrl,
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
      logLevel: LogLevel.ERROR,
    });
    emulator.failNext("chat.postMessage", { status: 429, retryAfter: 0 });

    // Act
    const posted = await retrying.chat.postMessage({ channel: "#a", text: "eventually" });

    // Assess
    expect(posted.ok).toBe(true);
    expect(emulator.callsTo("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
  });

  it("stores a post it answers late, and closes without waiting for the late answer", async () => {
    // Prepare
    const impatient = new WebClient(emulator.botToken, {
      slackApiUrl: emulator.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
      timeout: 200,
    });
    emulator.failNext("chat.postMessage", { answer: "late", delayMs: 60_000 });

    // Act
    const error = await failure(impatient.chat.postMessage({ channel: "#late", text: "stored anyway" }));
    const stored = emulator.messages(emulator.channels().find((c) => c.name === "late")?.id ?? "");
    // The late answer's timer must not keep the emulator open: this test's time-out would catch it.
    await emulator.close();
    emulator = await startSlackEmulator({ signingSecret: "secret" });

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(stored.map((m) => m.text)).toEqual(["stored anyway"]);
  });

  it("stores a post and then resets the connection instead of answering", async () => {
    // Prepare
    emulator.failNext("chat.postMessage", { answer: "reset" });

    // Act
    const error = await failure(client.chat.postMessage({ channel: "#reset", text: "stored anyway" }));
    now += 1000;
    const retried = await client.chat.postMessage({ channel: "#reset", text: "second" });

    // Assess
    expect((error as { code?: string }).code).toBe("slack_webapi_request_error");
    const channel = emulator.channels().find((c) => c.name === "reset")?.id ?? "";
    expect(emulator.messages(channel).map((m) => m.text)).toEqual(["stored anyway", "second"]);
    expect(retried.ok).toBe(true);
  });
});
