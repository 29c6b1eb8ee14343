import { afterEach, describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import type { Episode } from "../../../src/incidents/episode.js";
import { acknowledgeEpisode, snoozeEpisode } from "../../../src/incidents/episode-actions.js";
import { escalateEpisode } from "../../../src/incidents/escalation.js";
import { createEscalationSweeper } from "../../../src/incidents/escalation-sweeper.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { buildEpisodeReply } from "../../../src/slack/blocks/episode-replies.js";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import type { Store } from "../../../src/store/store.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const route = { channel: "#inc-web", escalateTo: "subteam:S0ONCALL" };
const OPENED = "2026-11-20T10:00:00.000Z";
const minutesLater = (m: number) => new Date(Date.parse(OPENED) + m * 60_000);

function opened(r: { channel: string; escalateTo?: string } = route): Episode {
  const episode = applyNotification({}, makeAlarm({ time: OPENED }), r).episode;
  if (!episode) throw new Error("expected an episode");
  return episode;
}

describe("escalateEpisode", () => {
  it("mentions the route's user group once the episode is unacknowledged past the threshold", () => {
    const d = escalateEpisode(opened(), minutesLater(16), 15);
    expect(d?.episode?.escalatedAt).toBe(minutesLater(16).toISOString());
    expect(d?.effects).toEqual([
      expect.objectContaining({
        kind: "thread_reply",
        reply: expect.objectContaining({ kind: "escalated" }),
      }),
    ]);
    const reply = d?.effects[0];
    expect(reply?.kind === "thread_reply" && buildEpisodeReply(reply.reply).text).toMatch(
      /^<!subteam\^S0ONCALL> .*16 min/,
    );
  });

  it("is not due before the threshold, once acknowledged, snoozed, resolved or without escalateTo", () => {
    const e = opened();
    const acked = acknowledgeEpisode(e, "U1", minutesLater(1))?.episode;
    const snoozed = snoozeEpisode(e, "U1", minutesLater(1), 1)?.episode;
    const resolved: Episode = { ...e, status: "resolved" };
    expect(escalateEpisode(e, minutesLater(14), 15)).toBeUndefined();
    for (const x of [acked, snoozed, resolved, opened({ channel: "#inc-web" })]) {
      expect(x && escalateEpisode(x, minutesLater(20), 15)).toBeUndefined();
    }
  });

  it("never escalates twice", () => {
    const once = escalateEpisode(opened(), minutesLater(16), 15)?.episode;
    expect(once && escalateEpisode(once, minutesLater(60), 15)).toBeUndefined();
  });

  it("uses <!here> when the route escalates to @here", () => {
    const d = escalateEpisode(opened({ channel: "#x", escalateTo: "@here" }), minutesLater(30), 15);
    const reply = d?.effects[0];
    expect(reply?.kind === "thread_reply" && buildEpisodeReply(reply.reply).text).toMatch(/^<!here> /);
  });
});

describe("escalation sweeper", () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it("escalates each due episode exactly once, even when two sweepers run together", async () => {
    let now = minutesLater(1);
    store = openSqliteStore(":memory:", () => now);
    const s = store;
    const alarm = makeAlarm({ time: OPENED });
    await s.ingest({ messageId: "m-1", alarm, receivedAt: OPENED }, (h) =>
      applyNotification(h, alarm, route),
    );
    let kicks = 0;
    const deps = { store: s, clock: () => now, logger: silentLogger(), onEnqueued: () => kicks++ };
    const a = createEscalationSweeper(deps, { afterMinutes: 15 });
    const b = createEscalationSweeper(deps, { afterMinutes: 15 });
    expect(await a.runOnce()).toBe(0);
    now = minutesLater(16);
    const counts = await Promise.all([a.runOnce(), b.runOnce()]);
    now = minutesLater(40);
    expect(await a.runOnce()).toBe(0);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(1);
    expect(kicks).toBe(1);
    expect(await s.pendingOutboxCount()).toBe(2);
  });
});
