import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import type { Episode } from "../../../src/incidents/episode.js";
import { SlackDeliveryError } from "../../../src/outbox/errors.js";
import { createOutboxWorker } from "../../../src/outbox/outbox-worker.js";
import type { FindPostedResult, PostMarker, SlackPoster } from "../../../src/outbox/slack-poster.js";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

interface Stored {
  channel: string;
  ts: string;
  threadTs?: string;
  marker?: PostMarker;
}

/**
 * A Slack fake whose scripted outcomes apply to posts in order: `stored-unknown` stores the message and then
 * fails as a time-out would, `refused-429` refuses it, `ok` (or nothing left) stores it and answers.
 */
type Step = "stored-unknown" | "refused-429";

function fakeSlack(script: Step[], search?: FindPostedResult) {
  const stored: Stored[] = [];
  const searches: { channel: string; since: Date; threadTs?: string }[] = [];
  let n = 0;
  const poster: SlackPoster = {
    async postMessage(_channel, _message, threadTs, marker) {
      const step = script.shift();
      if (step === "refused-429")
        throw new SlackDeliveryError("rate_limited", "429", {
          retryAfterMs: 1000,
          slackError: "ratelimited",
        });
      n++;
      const post = {
        channel: "C1",
        ts: `1763632800.00000${n}`,
        ...(threadTs !== undefined && { threadTs }),
        ...(marker !== undefined && { marker }),
      };
      stored.push(post);
      if (step === "stored-unknown")
        throw new SlackDeliveryError("unknown", "Slack did not answer (TimeoutError)");
      return { channel: post.channel, ts: post.ts };
    },
    async update() {},
    async join() {},
    async findPosted(channel, marker, query) {
      searches.push({
        channel,
        since: query.since,
        ...(query.threadTs !== undefined && { threadTs: query.threadTs }),
      });
      if (search) return search;
      const hit = stored.find(
        (p) =>
          p.threadTs === query.threadTs &&
          p.marker?.outboxId === marker.outboxId &&
          p.marker.episodeId === marker.episodeId,
      );
      return hit ? { status: "found", channel: hit.channel, ts: hit.ts } : { status: "absent" };
    },
  };
  return { poster, stored, searches };
}

function setup(script: Step[], search?: FindPostedResult) {
  let now = new Date("2026-11-20T10:00:00Z").getTime();
  const clock = () => new Date(now);
  const store = openSqliteStore(":memory:", clock);
  const slack = fakeSlack(script, search);
  const warnings: string[] = [];
  const logger = pino(
    { level: "warn" },
    { write: (line: string) => warnings.push(String((JSON.parse(line) as { msg?: string }).msg)) },
  );
  const rootsPosted: Episode[] = [];
  const worker = createOutboxWorker(
    {
      store,
      slack: slack.poster,
      renderEpisode: (e) => ({ text: `${e.status} ${e.alarm.name}` }),
      clock,
      logger,
      random: () => 0.5,
      onRootPosted: (e) => rootsPosted.push(e),
    },
    { postsPerSecondPerChannel: 10, fallbackChannel: "#alerts", searchMarginMs: 60_000 },
  );
  const ingest = (id: string, alarm = makeAlarm()) =>
    store.ingest({ messageId: id, alarm, receivedAt: alarm.time }, (h) =>
      applyNotification(h, alarm, { channel: "#inc" }),
    );
  const drain = async () => {
    for (let i = 0; i < 10 && (await store.pendingOutboxCount()) > 0; i++) {
      await worker.runOnce();
      now += 60_000;
    }
  };
  return { store, worker, slack, ingest, drain, warnings, rootsPosted };
}

describe("outbox delivery policy: unknown outcomes", () => {
  it("adopts the message an unanswered post left in Slack instead of posting it again", async () => {
    // Prepare
    const t = setup(["stored-unknown"]);
    const outcome = await t.ingest("m-1");
    const episodeId = outcome.status === "accepted" ? (outcome.decision.episode?.id ?? "") : "";

    // Act
    await t.drain();

    // Assess
    expect(t.slack.stored).toHaveLength(1);
    expect(t.slack.searches).toEqual([{ channel: "#inc", since: new Date("2026-11-20T09:59:00Z") }]);
    expect(await t.store.getEpisode(episodeId)).toMatchObject({
      slackChannel: "C1",
      slackTs: t.slack.stored[0]?.ts,
    });
    expect(t.rootsPosted.map((e) => e.slackTs)).toEqual([t.slack.stored[0]?.ts]);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("replies in the thread once when the reply's answer was lost", async () => {
    // Prepare
    const script: Step[] = [];
    const t = setup(script);
    await t.ingest("m-1");
    await t.drain();
    const root = t.slack.stored[0]?.ts;
    script.push("stored-unknown");

    // Act
    await t.ingest("m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:05:00.000Z" }));
    await t.drain();

    // Assess
    expect(t.slack.stored.filter((p) => p.threadTs === root)).toHaveLength(1);
    expect(t.slack.searches).toMatchObject([{ channel: "C1", threadTs: root }]);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });

  it("does not search after Slack refused a post for certain, and posts it once", async () => {
    // Prepare
    const t = setup(["refused-429"]);
    await t.ingest("m-1");

    // Act
    await t.drain();

    // Assess
    expect(t.slack.searches).toEqual([]);
    expect(t.slack.stored).toHaveLength(1);
  });

  it("posts again, warning once with the fix, when the bot may not read the channel", async () => {
    // Prepare
    const t = setup(["stored-unknown", "stored-unknown"], {
      status: "unsearchable",
      reason: "missing_scope",
    });
    await t.ingest("m-1");

    // Act
    await t.drain();

    // Assess
    expect(t.slack.stored).toHaveLength(3);
    expect(t.slack.searches).toHaveLength(2);
    expect(t.warnings.filter((w) => w.startsWith("cannot look for a Slack post"))).toHaveLength(1);
    expect(await t.store.pendingOutboxCount()).toBe(0);
  });
});
