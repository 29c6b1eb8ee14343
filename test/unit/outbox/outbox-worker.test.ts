import { describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import type { Effect } from "../../../src/incidents/effects.js";
import type { Episode } from "../../../src/incidents/episode.js";
import type { EpisodeReply } from "../../../src/incidents/episode-reply.js";
import { SlackDeliveryError } from "../../../src/outbox/errors.js";
import { createOutboxWorker } from "../../../src/outbox/outbox-worker.js";
import type { SlackPoster } from "../../../src/outbox/slack-poster.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { buildEpisodeReply } from "../../../src/slack/blocks/episode-replies.js";
import type { SlackMessage } from "../../../src/slack/slack-message.js";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import type { PreparedThreadReply } from "../../../src/store/stored-effect.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

interface Call {
  method: "post" | "update" | "join";
  channel: string;
  ts?: string;
  threadTs?: string;
  text?: string;
}

function fakePoster(failures: SlackDeliveryError[] = [], onPost: () => void = () => undefined) {
  const calls: Call[] = [];
  const posted: SlackMessage[] = [];
  let n = 0;
  const poster: SlackPoster = {
    async postMessage(channel, message: SlackMessage, threadTs) {
      onPost();
      posted.push(message);
      const failure = failures.shift();
      calls.push({
        method: "post",
        channel,
        text: message.text,
        ...(threadTs !== undefined && { threadTs }),
      });
      if (failure) throw failure;
      n++;
      return { channel: "C1", ts: `1700000000.00000${n}` };
    },
    async update(channel, ts, message) {
      const failure = failures.shift();
      calls.push({ method: "update", channel, ts, text: message.text });
      if (failure) throw failure;
    },
    async join(channel) {
      calls.push({ method: "join", channel });
    },
    async findPosted() {
      return { status: "absent" };
    },
  };
  return { poster, calls, posted };
}

function setup(
  failures: SlackDeliveryError[] = [],
  options: { maxPassMs?: number; postMs?: number; renderEpisode?: (e: Episode) => SlackMessage } = {},
) {
  let now = new Date("2026-11-20T10:00:00Z").getTime();
  const clock = () => new Date(now);
  const store = openSqliteStore(":memory:", clock);
  // A slow Slack: each post takes `postMs` of the injected clock.
  const { poster, calls, posted } = fakePoster(failures, () => {
    now += options.postMs ?? 0;
  });
  const worker = createOutboxWorker(
    {
      store,
      slack: poster,
      renderEpisode:
        options.renderEpisode ??
        ((e) => {
          const text = `${e.status} ${e.alarm.name} x${e.alarmCount}`;
          return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
        }),
      clock,
      logger: silentLogger(),
      random: () => 0.5,
    },
    {
      postsPerSecondPerChannel: 1,
      fallbackChannel: "#alerts",
      ...(options.maxPassMs !== undefined && { maxPassMs: options.maxPassMs }),
    },
  );
  const ingest = (id: string, alarm = makeAlarm()) =>
    store.ingest({ messageId: id, alarm, receivedAt: alarm.time }, (h) =>
      applyNotification(h, alarm, { channel: "#inc" }),
    );
  return { store, worker, calls, posted, ingest, advance: (ms: number) => (now += ms) };
}

describe("createOutboxWorker", () => {
  it("posts the root, then updates it in place and replies in its thread on OK", async () => {
    const t = setup();
    await t.ingest("m-1");
    await t.worker.runOnce();
    t.advance(1000);
    await t.ingest("m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:05:00.000Z" }));
    for (let i = 0; i < 2; i++) {
      await t.worker.runOnce();
      t.advance(1000);
    }
    expect(t.calls).toEqual([
      { method: "post", channel: "#inc", text: "open axonflow-high-latency x1" },
      { method: "update", channel: "C1", ts: "1700000000.000001", text: "resolved axonflow-high-latency x1" },
      {
        method: "post",
        channel: "C1",
        threadTs: "1700000000.000001",
        text: ":white_check_mark: Back to OK after 5 min.",
      },
    ]);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("renders a delayed root post from the newest state of its episode", async () => {
    const t = setup();
    await t.ingest("m-1");
    await t.ingest("m-2", makeAlarm({ time: "2026-11-20T10:05:00.000Z" }));
    await t.worker.runOnce();
    expect(t.calls[0]?.text).toBe("open axonflow-high-latency x2");
  });

  it("sends one update for repeats queued before it is delivered, showing the newest state", async () => {
    const t = setup();
    await t.ingest("m-1");
    await t.worker.runOnce();
    for (let i = 2; i <= 5; i++) {
      await t.ingest(`m-${i}`, makeAlarm({ time: `2026-11-20T10:0${i}:00.000Z` }));
    }
    for (let i = 0; i < 5; i++) {
      t.advance(1000);
      await t.worker.runOnce();
    }
    expect(t.calls.map((c) => [c.method, c.text])).toEqual([
      ["post", "open axonflow-high-latency x1"],
      ["update", "open axonflow-high-latency x5"],
    ]);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("still updates for a change queued while an update is being delivered", async () => {
    const t = setup();
    await t.ingest("m-1");
    await t.worker.runOnce();
    await t.ingest("m-2", makeAlarm({ time: "2026-11-20T10:02:00.000Z" }));
    t.advance(1000);
    await t.worker.runOnce();
    await t.ingest("m-3", makeAlarm({ time: "2026-11-20T10:03:00.000Z" }));
    t.advance(1000);
    await t.worker.runOnce();
    expect(t.calls.map((c) => c.text)).toEqual([
      "open axonflow-high-latency x1",
      "open axonflow-high-latency x2",
      "open axonflow-high-latency x3",
    ]);
  });

  it("folds text replies queued in one thread into one post, keeping a reply with blocks on its own", async () => {
    const t = setup();
    const opened = await t.ingest("m-1");
    await t.worker.runOnce();
    const episodeId = opened.status === "accepted" ? (opened.decision.episode?.id ?? "") : "";
    const reply = (r: EpisodeReply) =>
      t.store.updateEpisode(episodeId, (e) => ({
        effects: [{ kind: "thread_reply", episodeId: e.id, channel: "#inc", reply: r }],
      }));
    const snoozed = (hours: number): EpisodeReply => ({ kind: "snoozed", user: "U0ALICE", hours });
    const flapping: EpisodeReply = {
      kind: "flapping",
      alarmName: "axonflow-high-latency",
      flips: [],
      withinMinutes: 30,
      suggestions: [],
    };
    for (const hours of [1, 2, 3]) await reply(snoozed(hours));
    await reply(flapping);
    await reply(snoozed(4));
    for (let i = 0; i < 4; i++) {
      t.advance(1000);
      await t.worker.runOnce();
    }
    const text = (r: EpisodeReply) => buildEpisodeReply(r).text;
    expect(t.calls.slice(1).map((c) => [c.method, c.threadTs, c.text])).toEqual([
      ["post", "1700000000.000001", [1, 2, 3].map((h) => text(snoozed(h))).join("\n")],
      ["post", "1700000000.000001", text(flapping)],
      ["post", "1700000000.000001", text(snoozed(4))],
    ]);
    expect(t.calls[1]?.text).toContain(":zzz: Snoozed by <@U0ALICE> for 1 h");
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("still delivers thread replies an earlier version stored with ready-made text and blocks", async () => {
    // Prepare: rows as the previous version wrote them (text and blocks built at enqueue time), then a new one.
    const t = setup();
    const opened = await t.ingest("m-1");
    await t.worker.runOnce();
    const episodeId = opened.status === "accepted" ? (opened.decision.episode?.id ?? "") : "";
    const stored = (effect: PreparedThreadReply | Effect) =>
      t.store.updateEpisode(episodeId, () => ({ effects: [effect as Effect] }));
    const old = { kind: "thread_reply", episodeId, channel: "#inc" } as const;
    await stored({ ...old, text: ":eyes: Acknowledged by <@U0ALICE>." });
    await stored({ ...old, reply: { kind: "snoozed", user: "U0BOB", hours: 2 } });
    await stored({
      ...old,
      text: "Runbook checklist: web (0/1 done)",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*Runbook checklist*" } }],
    });

    // Act
    for (let i = 0; i < 3; i++) {
      t.advance(1000);
      await t.worker.runOnce();
    }

    // Assess: the old text reply folds with the new one; the old reply with blocks goes out as it was stored.
    expect(t.calls.slice(1).map((c) => [c.method, c.threadTs, c.text])).toEqual([
      [
        "post",
        "1700000000.000001",
        ":eyes: Acknowledged by <@U0ALICE>.\n:zzz: Snoozed by <@U0BOB> for 2 h: repeats update the message quietly.",
      ],
      ["post", "1700000000.000001", "Runbook checklist: web (0/1 done)"],
    ]);
    expect(t.posted.at(-1)?.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*Runbook checklist*" } },
    ]);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("waits Retry-After after a 429 and then delivers, losing nothing", async () => {
    const t = setup([new SlackDeliveryError("rate_limited", "429", { retryAfterMs: 30_000 })]);
    await t.ingest("m-1");
    await t.worker.runOnce();
    t.advance(29_000);
    await t.worker.runOnce();
    expect(t.calls).toHaveLength(1);
    t.advance(1_000);
    await t.worker.runOnce();
    expect(t.calls).toHaveLength(2);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("keeps at most one call per second per channel", async () => {
    const t = setup();
    await t.ingest("a", makeAlarm({ name: "a", arn: "arn:aws:cloudwatch:us-east-2:1:alarm:a" }));
    await t.ingest("b", makeAlarm({ name: "b", arn: "arn:aws:cloudwatch:us-east-2:1:alarm:b" }));
    await t.worker.runOnce();
    expect(t.calls).toHaveLength(1);
    t.advance(1000);
    await t.worker.runOnce();
    expect(t.calls).toHaveLength(2);
  });

  it("does not hold a quiet channel's alarm behind another channel's backlog of paced posts", async () => {
    const t = setup();
    for (let i = 0; i < 250; i++) {
      const name = `busy-${i}`;
      await t.ingest(name, makeAlarm({ name, arn: `arn:aws:cloudwatch:us-east-2:1:alarm:${name}` }));
    }
    const quiet = makeAlarm({ name: "quiet", arn: "arn:aws:cloudwatch:us-east-2:1:alarm:quiet" });
    await t.store.ingest({ messageId: "quiet", alarm: quiet, receivedAt: quiet.time }, (h) =>
      applyNotification(h, quiet, { channel: "#quiet" }),
    );

    await t.worker.runOnce();
    t.advance(1000);
    await t.worker.runOnce();

    expect(t.calls.filter((c) => c.channel === "#quiet").map((c) => c.text)).toEqual(["open quiet x1"]);
    expect(t.calls.filter((c) => c.channel === "#inc")).toHaveLength(2);
  });

  it("starts no delivery once a pass has run maxPassMs, so batch claims cannot expire before their send", async () => {
    const t = setup([], { maxPassMs: 5_000, postMs: 3_000 });
    for (const name of ["a", "b", "c"]) {
      const alarm = makeAlarm({ name, arn: `arn:aws:cloudwatch:us-east-2:1:alarm:${name}` });
      await t.store.ingest({ messageId: name, alarm, receivedAt: alarm.time }, (h) =>
        applyNotification(h, alarm, { channel: `#inc-${name}` }),
      );
    }
    expect(await t.worker.runOnce()).toBe(2);
    expect(t.calls).toHaveLength(2);
    expect(await t.worker.runOnce()).toBe(1);
    expect(t.calls.map((c) => c.text)).toEqual(["open a x1", "open b x1", "open c x1"]);
  });

  it("retries Slack 5xx with backoff until the call succeeds", async () => {
    const t = setup([new SlackDeliveryError("transient", "503"), new SlackDeliveryError("transient", "503")]);
    await t.ingest("m-1");
    await t.worker.runOnce();
    t.advance(999);
    await t.worker.runOnce();
    expect(t.calls).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      t.advance(2_000);
      await t.worker.runOnce();
    }
    expect(t.calls).toHaveLength(3);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("falls back to a text-only message when Slack refuses the blocks", async () => {
    const refused = new SlackDeliveryError("payload", "invalid_blocks", { slackError: "invalid_blocks" });
    const t = setup([refused]);
    await t.ingest("m-1");
    await t.worker.runOnce();
    expect(t.calls).toHaveLength(2);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("gives up, keeping the item as failed, on a message Slack can never accept", async () => {
    const refused = () => new SlackDeliveryError("permanent", "msg_blocked", { slackError: "msg_blocked" });
    const t = setup([refused(), refused(), refused(), refused()]);
    await t.ingest("m-1");
    for (let i = 0; i < 5; i++) {
      await t.worker.runOnce();
      t.advance(60_000);
    }
    expect(t.calls).toHaveLength(3);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("gives up on a message klaxon fails to render, so the episode's later messages still go out", async () => {
    // Prepare: the episode's root cannot be rendered (a bug in klaxon); its OK reply can.
    const t = setup([], {
      renderEpisode: () => {
        throw new TypeError("series.start.getTime is not a function");
      },
    });
    await t.ingest("m-1");
    await t.ingest("m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));

    // Act
    for (let i = 0; i < 6; i++) {
      await t.worker.runOnce();
      t.advance(60_000);
    }

    // Assess: the root failed after the permanent-failure attempts instead of holding the thread for ever.
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("joins the channel and posts again when the bot is not in it", async () => {
    const t = setup([new SlackDeliveryError("channel", "not_in_channel", { slackError: "not_in_channel" })]);
    await t.ingest("m-1");
    await t.worker.runOnce();
    expect(t.calls.map((c) => c.method)).toEqual(["post", "join", "post"]);
  });

  it("posts to the fallback channel when the routed channel does not exist", async () => {
    const t = setup([
      new SlackDeliveryError("channel", "channel_not_found", { slackError: "channel_not_found" }),
    ]);
    await t.ingest("m-1");
    await t.worker.runOnce();
    expect(t.calls[1]).toMatchObject({ method: "post", channel: "#alerts" });
    expect(t.calls[1]?.text).toContain("could not post to #inc: channel_not_found");
  });
});
