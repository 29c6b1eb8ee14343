import { describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import { applyMute } from "../../../src/mutes/apply-mute.js";
import { releaseMutedEpisode } from "../../../src/mutes/release-muted.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const route = { channel: "#inc" };
const mute = { key: "m-1", until: "2026-11-20T12:00:00.000Z" };

describe("applyMute", () => {
  it("stores a new episode under an active mute with no effects", () => {
    const alarm = makeAlarm();
    const d = applyMute(applyNotification({}, alarm, route), mute);

    expect(d.effects).toEqual([]);
    expect(d.episode?.muted).toEqual(mute);
    expect(d.openedInChannel).toBeUndefined();
  });

  it("keeps a muted, unposted episode quiet after the window, and leaves posted episodes alone", () => {
    const opened = applyMute(applyNotification({}, makeAlarm(), route), mute).episode;
    if (!opened) throw new Error("expected an episode");
    const ok = makeAlarm({ state: "OK", time: "2026-11-20T11:00:00.000Z" });

    const quiet = applyMute(applyNotification({ openEpisode: opened }, ok, route), undefined);
    const { muted: _m, ...unmuted } = opened;
    const posted = { ...unmuted, slackTs: "1.2" };
    const loud = applyMute(applyNotification({ openEpisode: posted }, ok, route), mute);

    expect(quiet.effects).toEqual([]);
    expect(quiet.episode?.status).toBe("resolved");
    expect(loud.effects.length).toBeGreaterThan(0);
  });

  it("releases a still-firing muted episode with a root post, once", () => {
    const opened = applyMute(applyNotification({}, makeAlarm(), route), mute).episode;
    if (!opened) throw new Error("expected an episode");
    const now = new Date("2026-11-20T12:00:00Z");

    const released = releaseMutedEpisode(opened, "m-1", now);
    const again = released?.episode && releaseMutedEpisode(released.episode, "m-1", now);

    expect(released?.effects).toEqual([{ kind: "post_root", episodeId: opened.id, channel: "#inc" }]);
    expect(released?.episode?.muted).toBeUndefined();
    expect(again).toBeUndefined();
  });
});
