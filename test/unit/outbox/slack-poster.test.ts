import { createServer } from "node:net";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackDeliveryError } from "../../../src/outbox/errors.js";
import { classifySlackError, createSlackPoster } from "../../../src/outbox/slack-poster.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../src/playground/slack-emulator/slack-emulator.js";

let emulator: SlackEmulator;

function clientFor(url: string, timeout: number): WebClient {
  return new WebClient("xoxb-emulator-token", {
    slackApiUrl: url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
    timeout,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<SlackDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SlackDeliveryError)) throw new Error(`expected a SlackDeliveryError, got ${error}`);
  return error;
}

const marker = { outboxId: 7, episodeId: "arn:alarm#2026-11-20T10:00:00.000Z" };
const since = new Date(0);

beforeEach(async () => {
  emulator = await startSlackEmulator({ signingSecret: "secret" });
});

afterEach(async () => {
  await emulator.close();
});

describe("createSlackPoster and classifySlackError", () => {
  it("reports a post that Slack stored but answered after the client's time-out as unknown, and finds it by its marker", async () => {
    // Prepare
    const poster = createSlackPoster(clientFor(emulator.apiUrl, 300));
    emulator.failNext("chat.postMessage", { answer: "late", delayMs: 15_000 });

    // Act
    const error = await failureOf(poster.postMessage("#inc-web", { text: "alarm" }, undefined, marker));
    const found = await poster.findPosted("#inc-web", marker, { since });
    const other = await poster.findPosted("#inc-web", { ...marker, outboxId: 8 }, { since });

    // Assess
    const channel = emulator.channels().find((c) => c.name === "inc-web")?.id ?? "";
    const stored = emulator.messages(channel);
    expect(error.kind).toBe("unknown");
    expect(stored).toHaveLength(1);
    expect(found).toEqual({ status: "found", channel, ts: stored[0]?.ts });
    expect(other).toEqual({ status: "absent" });
  });

  it("reports a post whose connection was reset after Slack stored it as unknown", async () => {
    // Prepare
    const poster = createSlackPoster(clientFor(emulator.apiUrl, 5_000));
    emulator.failNext("chat.postMessage", { answer: "reset" });

    // Act
    const error = await failureOf(poster.postMessage("#inc-web", { text: "alarm" }, undefined, marker));
    const found = await poster.findPosted("#inc-web", marker, { since });

    // Assess
    expect(error.kind).toBe("unknown");
    expect(found.status).toBe("found");
  });

  it("finds a marked thread reply with conversations.replies", async () => {
    // Prepare
    const poster = createSlackPoster(clientFor(emulator.apiUrl, 5_000));
    const root = await poster.postMessage("#inc-web", { text: "root" });
    const reply = await poster.postMessage(root.channel, { text: "reply" }, root.ts, marker);

    // Act
    const found = await poster.findPosted(root.channel, marker, { since, threadTs: root.ts });

    // Assess
    expect(found).toEqual({ status: "found", channel: root.channel, ts: reply.ts });
  });

  it("treats a refused connection as transient: the request never reached Slack", async () => {
    // Prepare
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const poster = createSlackPoster(clientFor(`http://127.0.0.1:${port}/api/`, 5_000));

    // Act
    const error = await failureOf(poster.postMessage("#inc-web", { text: "alarm" }));

    // Assess
    expect(error.kind).toBe("transient");
  });

  it("classifies Slack's refusals as certain failures, not unknown ones", () => {
    const platform = (error: string) => ({ code: "slack_webapi_platform_error", data: { error } });
    expect(classifySlackError(platform("internal_error")).kind).toBe("transient");
    expect(classifySlackError({ code: "slack_webapi_http_error", statusCode: 503 }).kind).toBe("transient");
    expect(classifySlackError({ code: "slack_webapi_http_error", statusCode: 504 }).kind).toBe("unknown");
    expect(classifySlackError({ code: "slack_webapi_rate_limited_error", retryAfter: 3 }).kind).toBe(
      "rate_limited",
    );
  });

  it("answers unsearchable when the bot lacks the history scopes, and after a failed join when not in the channel", async () => {
    // Prepare
    const refuse = (error: string) => async () => {
      throw Object.assign(new Error(error), { code: "slack_webapi_platform_error", data: { error } });
    };
    const client = (historyError: string) =>
      ({
        conversations: {
          history: refuse(historyError),
          join: refuse("method_not_supported_for_channel_type"),
        },
      }) as unknown as WebClient;

    // Act
    const scope = await createSlackPoster(client("missing_scope")).findPosted("C0123ABCD", marker, { since });
    const member = await createSlackPoster(client("not_in_channel")).findPosted("C0123ABCD", marker, {
      since,
    });

    // Assess
    expect(scope).toEqual({ status: "unsearchable", reason: "missing_scope" });
    expect(member).toEqual({ status: "unsearchable", reason: "not_in_channel" });
  });
});
