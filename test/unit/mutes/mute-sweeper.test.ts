import { describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import { applyMute } from "../../../src/mutes/apply-mute.js";
import { createMuteSweeper } from "../../../src/mutes/mute-sweeper.js";
import { createReportScheduler } from "../../../src/reports/report-scheduler.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { renderHygieneReport } from "../../../src/slack/blocks/hygiene-report.js";
import { renderMuteEnded } from "../../../src/slack/blocks/mute-messages.js";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const route = { channel: "#batch", routeName: "batch-nightly" };

describe("mute sweeper", () => {
  it("announces a window's end once per channel and releases what still fires, even with two replicas", async () => {
    // Prepare: a saved window over; one muted episode still firing.
    let now = new Date("2026-11-20T10:00:00Z");
    const store = openSqliteStore(":memory:", () => now);
    await store.saveMute({
      id: "m-1",
      match: { route: "batch-*" },
      startsAt: "2026-11-20T09:00:00.000Z",
      endsAt: "2026-11-20T10:30:00.000Z",
      createdBy: "U0ALICE",
      createdAt: "2026-11-20T09:00:00.000Z",
    });
    const alarm = makeAlarm({ time: "2026-11-20T09:30:00.000Z" });
    await store.ingest({ messageId: "a", alarm, receivedAt: alarm.time }, (h) =>
      applyMute(applyNotification(h, alarm, route), { key: "m-1", until: "2026-11-20T10:30:00.000Z" }),
    );
    const posts: string[] = [];
    const replica = () =>
      createMuteSweeper({
        store,
        clock: () => now,
        logger: silentLogger(),
        configured: [],
        announceEnd: async (channel, window, episodes) => {
          const text = renderMuteEnded(window, episodes);
          posts.push(`${channel}: ${text}`);
        },
        onEnqueued: () => {},
      });

    // Act
    const before = await replica().runOnce();
    now = new Date("2026-11-20T10:31:00Z");
    const ended = await Promise.all([replica().runOnce(), replica().runOnce()]);

    // Assess
    expect(before).toBe(0);
    expect(ended.sort()).toEqual([0, 1]);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain("#batch: :bell: Mute window `m-1` on route `batch-*` ended");
    const due = await store.dueOutbox(now, 10);
    expect(due.map((i) => i.effect.kind)).toEqual(["post_root"]);
    await store.close();
  });
});

describe("weekly report scheduler", () => {
  it("posts the week's report from one of two replicas, and not again", async () => {
    const now = new Date("2026-11-23T09:05:00Z");
    const store = openSqliteStore(":memory:", () => now);
    const posted: string[] = [];
    const replica = () =>
      createReportScheduler({
        store,
        clock: () => now,
        logger: silentLogger(),
        channel: "#ops",
        weekly: "Mon 09:00 UTC",
        days: 7,
        post: async (channel, output) => {
          posted.push(`${channel}: ${renderHygieneReport(output.report, output.title)}`);
        },
      });

    const results = await Promise.all([replica().runOnce(), replica().runOnce()]);
    const again = await replica().runOnce();

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(again).toBe(false);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain("#ops: :bar_chart: *Alarm hygiene, last 7 days*");
    await store.close();
  });
});
