import { describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import type { Episode } from "../../../src/incidents/episode.js";
import { buildEpisodeReply } from "../../../src/slack/blocks/episode-replies.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const route = { channel: "#inc-web" };

function open(): Episode {
  const first = applyNotification({}, makeAlarm(), route);
  if (!first.episode) throw new Error("expected an episode");
  return first.episode;
}

describe("applyNotification", () => {
  it("opens an episode and posts once on the first ALARM", () => {
    const d = applyNotification({}, makeAlarm(), route);
    expect(d.episode).toMatchObject({ status: "open", alarmCount: 1, openedAt: "2026-11-20T10:00:00.000Z" });
    expect(d.effects).toEqual([{ kind: "post_root", episodeId: d.episode?.id, channel: "#inc-web" }]);
  });

  it("bumps the counter and updates in place on a repeated ALARM, without a thread reply", () => {
    const d = applyNotification(
      { openEpisode: open() },
      makeAlarm({ time: "2026-11-20T10:05:00.000Z" }),
      route,
    );
    expect(d.episode?.alarmCount).toBe(2);
    expect(d.effects.map((e) => e.kind)).toEqual(["update_root"]);
  });

  it("closes on OK, updates the original and replies in the thread with the duration", () => {
    const ok = makeAlarm({ state: "OK", previousState: "ALARM", time: "2026-11-20T10:12:30.000Z" });
    const d = applyNotification({ openEpisode: open() }, ok, route);
    expect(d.episode).toMatchObject({ status: "resolved", closedAt: "2026-11-20T10:12:30.000Z" });
    expect(d.effects[0]).toMatchObject({ kind: "update_root" });
    const reply = d.effects[1];
    expect(reply).toMatchObject({ kind: "thread_reply", reply: { kind: "back_to_ok" } });
    expect(reply?.kind === "thread_reply" && buildEpisodeReply(reply.reply).text).toBe(
      ":white_check_mark: Back to OK after 12 min.",
    );
  });

  it("keeps the episode open through INSUFFICIENT_DATA and says so in the thread", () => {
    const d = applyNotification(
      { openEpisode: open() },
      makeAlarm({ state: "INSUFFICIENT_DATA", time: "2026-11-20T10:30:00.000Z" }),
      route,
    );
    expect(d.episode?.status).toBe("insufficient_data");
    expect(d.effects[1]).toMatchObject({ kind: "thread_reply" });
    const reply = d.effects[1];
    expect(reply?.kind === "thread_reply" && buildEpisodeReply(reply.reply).text).toContain(
      "INSUFFICIENT_DATA after 30 min in ALARM",
    );
  });

  it("ignores OK when no episode is open", () => {
    const d = applyNotification({}, makeAlarm({ state: "OK" }), route);
    expect(d.episode).toBeUndefined();
    expect(d.effects).toEqual([]);
    expect(d.ignored).toMatch(/OK without an open episode/);
  });

  it("drops a delivery older than the newest applied one (SNS does not keep order)", () => {
    const d = applyNotification({ lastStateTime: "2026-11-20T11:00:00.000Z" }, makeAlarm(), route);
    expect(d.effects).toEqual([]);
    expect(d.ignored).toMatch(/^stale/);
  });

  it("opens a new episode after a resolved one", () => {
    const d = applyNotification(
      { lastStateTime: "2026-11-20T10:12:00.000Z" },
      makeAlarm({ time: "2026-11-20T11:00:00.000Z" }),
      route,
    );
    expect(d.episode?.id).toBe(
      "arn:aws:cloudwatch:us-east-2:123456789012:alarm:axonflow-high-latency#2026-11-20T11:00:00.000Z",
    );
  });
});
