import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../../src/playground/slack-emulator/slack-emulator.js";

let emulator: SlackEmulator;
let client: WebClient;

function platformError(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: { data?: unknown }) => error.data,
  );
}

beforeAll(async () => {
  emulator = await startSlackEmulator({ signingSecret: "secret", botToken: "xoxb-test" });
  client = new WebClient("xoxb-test", {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});

afterAll(async () => {
  await emulator.close();
});

describe("Slack emulator messaging through the real WebClient", () => {
  it("posts, updates, replies in a thread and reads history and replies back", async () => {
    // Prepare
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*CPU high*" } }];

    // Act
    const posted = await client.chat.postMessage({ channel: "#alerts", text: "CPU high", blocks });
    const channel = posted.channel ?? "";
    const ts = posted.ts ?? "";
    await client.chat.update({ channel, ts, text: "CPU high (x2)" });
    const reply = await client.chat.postMessage({ channel, thread_ts: ts, text: "resolved after 5m" });
    const history = await client.conversations.history({ channel });
    const replies = await client.conversations.replies({ channel, ts });

    // Assess
    expect(channel).toMatch(/^C[A-Z0-9]+$/);
    expect(ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(reply.ts)).toBeGreaterThan(Number(ts));
    expect(history.messages).toHaveLength(1);
    expect(history.messages?.[0]).toMatchObject({ ts, text: "CPU high (x2)", reply_count: 1 });
    expect(history.messages?.[0]?.blocks?.[0]).toMatchObject({
      type: "section",
      text: { text: "*CPU high*" },
    });
    expect(replies.messages?.map((m) => m.text)).toEqual(["CPU high (x2)", "resolved after 5m"]);
    expect(emulator.messages(channel)[0]?.replies.map((r) => r.ts)).toEqual([reply.ts]);
    expect(emulator.thread(channel, ts)).toHaveLength(2);
    expect(emulator.channels().find((c) => c.id === channel)?.name).toBe("alerts");
  });

  it("resolves #name to the same channel on later posts", async () => {
    // Act
    const first = await client.chat.postMessage({ channel: "#ops", text: "one" });
    const second = await client.chat.postMessage({ channel: "#ops", text: "two" });

    // Assess
    expect(second.channel).toBe(first.channel);
    expect(emulator.messages(first.channel ?? "")).toHaveLength(2);
  });

  it("rejects messages Slack would reject, with Slack's error codes", async () => {
    // Prepare
    const many = Array.from({ length: 51 }, () => ({ type: "divider" }));
    const longSection = [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }];

    // Act
    const noText = await platformError(client.chat.postMessage({ channel: "#v", text: "" }));
    const tooMany = await platformError(client.chat.postMessage({ channel: "#v", text: "t", blocks: many }));
    const tooLong = await platformError(
      client.chat.postMessage({ channel: "#v", text: "t", blocks: longSection }),
    );
    const hugeText = await platformError(
      client.chat.postMessage({ channel: "#v", text: "y".repeat(40_001) }),
    );

    // Assess
    expect(noText).toMatchObject({ ok: false, error: "no_text" });
    expect(tooMany).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(tooLong).toMatchObject({
      error: "invalid_blocks",
      errors: ["must be less than 3001 characters [json-pointer:/blocks/0/text/text]"],
    });
    expect(hugeText).toMatchObject({ error: "msg_too_long" });
    expect(emulator.callsTo("chat.postMessage").filter((c) => c.error === "invalid_blocks")).toHaveLength(2);
  });

  it("refuses to update a missing message or one the bot did not post", async () => {
    // Prepare
    const channel = emulator.createChannel("upd").id;
    const human = emulator.postUserMessage({ channelId: channel, userId: "U0BOB", text: "my words" });

    // Act
    const missing = await platformError(client.chat.update({ channel, ts: "1.000001", text: "x" }));
    const foreign = await platformError(client.chat.update({ channel, ts: human.ts, text: "x" }));

    // Assess
    expect(missing).toMatchObject({ error: "message_not_found" });
    expect(foreign).toMatchObject({ error: "cant_update_message" });
    expect(emulator.findMessage(channel, human.ts)?.text).toBe("my words");
  });

  it("answers invalid_auth for a wrong token, not_authed without one, unknown_method for unknown methods", async () => {
    // Prepare
    const wrong = new WebClient("xoxb-wrong", { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    const anonymous = new WebClient(undefined, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });

    // Act
    const invalid = await platformError(wrong.auth.test());
    const notAuthed = await platformError(anonymous.auth.test());
    const unknown = await platformError(client.apiCall("chat.teleport", { channel: "C1" }));
    const raw = await fetch(`${emulator.apiUrl}auth.test`, {
      method: "POST",
      headers: { authorization: "Bearer no" },
    });

    // Assess
    expect(invalid).toEqual({ ok: false, error: "invalid_auth", response_metadata: {} });
    expect(notAuthed).toMatchObject({ ok: false, error: "not_authed" });
    expect(unknown).toMatchObject({ ok: false, error: "unknown_method" });
    expect(raw.status).toBe(200);
  });

  it("identifies the bot through auth.test and users.info", async () => {
    // Prepare
    emulator.addUser({ id: "U0ALICE", name: "alice", realName: "Alice Doe" });

    // Act
    const auth = await client.auth.test();
    const alice = await client.users.info({ user: "U0ALICE" });
    const nobody = await platformError(client.users.info({ user: "U0NOBODY" }));

    // Assess
    expect(auth).toMatchObject({ ok: true, user_id: emulator.botUserId, bot_id: "B0KLAXON" });
    expect(alice.user).toMatchObject({ id: "U0ALICE", name: "alice", real_name: "Alice Doe", is_bot: false });
    expect(nobody).toMatchObject({ error: "user_not_found" });
  });

  it("lists, describes and joins channels", async () => {
    // Prepare
    const created = emulator.createChannel("incidents");

    // Act
    const list = await client.conversations.list({});
    const info = await client.conversations.info({ channel: created.id });
    const joined = await client.conversations.join({ channel: created.id });
    const missing = await platformError(client.conversations.info({ channel: "C0MISSING" }));

    // Assess
    expect(list.channels?.map((c) => c.name)).toContain("incidents");
    expect(info.channel).toMatchObject({ id: created.id, name: "incidents", is_member: true });
    expect(joined.ok).toBe(true);
    expect(missing).toMatchObject({ error: "channel_not_found" });
  });

  it("returns configured user group members", async () => {
    // Prepare
    emulator.setUserGroup("S0ONCALL", ["U1", "U2"]);

    // Act
    const group = await client.usergroups.users.list({ usergroup: "S0ONCALL" });
    const unknown = await platformError(client.usergroups.users.list({ usergroup: "S0NONE" }));

    // Assess
    expect(group.users).toEqual(["U1", "U2"]);
    expect(unknown).toMatchObject({ error: "no_such_subteam" });
  });

  it("stores ephemeral messages apart from history and builds permalinks", async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: "#eph", text: "root" });
    const channel = posted.channel ?? "";
    const reply = await client.chat.postMessage({ channel, thread_ts: posted.ts ?? "", text: "child" });

    // Act
    const eph = await client.chat.postEphemeral({ channel, user: "U0ALICE", text: "only you" });
    const link = await client.chat.getPermalink({ channel, message_ts: posted.ts ?? "" });
    const replyLink = await client.chat.getPermalink({ channel, message_ts: reply.ts ?? "" });

    // Assess
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(emulator.ephemerals(channel)).toMatchObject([{ user: "U0ALICE", text: "only you" }]);
    expect(emulator.messages(channel)).toHaveLength(1);
    expect(link.permalink).toBe(`${emulator.url}/archives/${channel}/p${(posted.ts ?? "").replace(".", "")}`);
    expect(replyLink.permalink).toContain(`?thread_ts=${posted.ts}&cid=${channel}`);
  });

  it("keeps metadata event_type visible and the payload only with include_all_metadata", async () => {
    // Prepare
    const metadata = { event_type: "klaxon_incident", event_payload: { arn: "arn:aws:cloudwatch:x" } };
    const posted = await client.chat.postMessage({ channel: "#meta", text: "m", metadata });
    const channel = posted.channel ?? "";

    // Act
    const plain = await client.conversations.history({ channel });
    const full = await client.conversations.history({ channel, include_all_metadata: true });

    // Assess
    expect(plain.messages?.[0]?.metadata).toEqual({ event_type: "klaxon_incident" });
    expect(full.messages?.[0]?.metadata).toEqual(metadata);
  });

  it("records every call with its arguments, decoded, and without the token", () => {
    // Act
    const calls = emulator.callsTo("chat.postMessage");

    // Assess
    expect(calls.length).toBeGreaterThan(3);
    expect(calls[0]?.args).toMatchObject({ channel: "#alerts", blocks: [{ type: "section" }] });
    expect(calls[0]?.args).not.toHaveProperty("token");
    expect(calls[0]).toMatchObject({ status: 200, ok: true });
  });
});
