import { describe, expect, it } from "vitest";
import type { AlarmState } from "../../../src/alarms/alarm.js";
import type { AlarmHistory } from "../../../src/incidents/alarm-history.js";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import type { Decision } from "../../../src/incidents/decision.js";
import type { Episode, Transition } from "../../../src/incidents/episode.js";
import { DEFAULT_INCIDENT_POLICY } from "../../../src/incidents/incident-policy.js";
import { buildEpisodeReply } from "../../../src/slack/blocks/episode-replies.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const route = { channel: "#inc-web" };
const RECEIVED = "2026-11-20T10:00:30.000Z";
const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 20, 10, minute, second)).toISOString();

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value");
  return value;
}

/** Replays notifications through the pure core the way a store would, keeping per-alarm history. */
function replay(states: readonly [AlarmState, string][]): Decision[] {
  let open: Episode | undefined;
  let last: Episode | undefined;
  let flips: readonly Transition[] = [];
  const out: Decision[] = [];
  for (const [state, time] of states) {
    const history: AlarmHistory = {
      flips,
      ...(open && { openEpisode: open }),
      ...(!open && last && { lastEpisode: last }),
    };
    const d = applyNotification(history, makeAlarm({ state, time }), route);
    out.push(d);
    flips = d.flips ?? flips;
    if (d.episode) {
      last = d.episode;
      open = d.episode.status === "resolved" ? undefined : d.episode;
    }
  }
  return out;
}

describe("storm digest", () => {
  const storm = (opens: number, extra: Partial<AlarmHistory> = {}) =>
    applyNotification(
      { channelOpensLastMinute: opens, receivedAt: RECEIVED, ...extra },
      makeAlarm({ name: "svc-42", arn: "arn:aws:cloudwatch:us-east-2:1:alarm:svc-42" }),
      route,
    );

  it("posts a root of its own while the channel is below the threshold", () => {
    const d = storm(DEFAULT_INCIDENT_POLICY.storm.maxNewEpisodesPerMinute - 1);
    expect(d.effects.map((e) => e.kind)).toEqual(["post_root"]);
    expect(d.digest).toBeUndefined();
    expect(d.openedInChannel).toBe("#inc-web");
  });

  it("joins a new digest instead of posting once the channel reached the threshold", () => {
    const d = storm(10);
    expect(d.effects).toEqual([
      { kind: "sync_digest", episodeId: d.digest?.id, channel: "#inc-web", revision: 1 },
    ]);
    expect(d.episode?.digestId).toBe(d.digest?.id);
    expect(d.digest?.members.map((m) => m.name)).toEqual(["svc-42"]);
    expect(d.openedInChannel).toBe("#inc-web");
  });

  it("joins the channel's current digest and keeps its earlier members", () => {
    const first = must(storm(10).digest);
    const d = storm(11, { digest: first });
    expect(d.digest?.id).toBe(first.id);
    expect(d.digest).toMatchObject({ total: 2, revision: 2 });
  });

  it("leaves a repeated ALARM's count off an episode root while its channel is in a storm", () => {
    // Prepare: an episode with its own root, opened before the channel's storm digest started.
    const opened = must(applyNotification({}, makeAlarm({ time: at(0) }), route).episode);
    const digest = must(storm(10).digest);
    const repeat = makeAlarm({ time: at(1) });

    // Act
    const during = applyNotification({ openEpisode: opened, digest, receivedAt: RECEIVED }, repeat, route);
    const after = applyNotification(
      { openEpisode: opened, digest, receivedAt: "2026-11-20T10:20:00.000Z" },
      repeat,
      route,
    );
    const change = applyNotification(
      { openEpisode: must(during.episode), digest, receivedAt: RECEIVED },
      makeAlarm({ state: "OK", time: at(2) }),
      route,
    );

    // Assess: the count is stored but not sent during the storm; once the digest is quiet, or at a state change,
    // the root is updated (rendered from the stored episode, so the count catches up then).
    expect(during.episode?.alarmCount).toBe(2);
    expect(during.effects).toEqual([]);
    expect(after.effects.map((e) => e.kind)).toEqual(["update_root"]);
    expect(change.episode?.alarmCount).toBe(2);
    expect(change.effects.map((e) => e.kind)).toEqual(["update_root", "thread_reply"]);
  });

  it("starts a fresh digest when the channel's last one has been quiet for ten minutes", () => {
    const old = {
      ...must(storm(10).digest),
      id: "storm:#inc-web:2026-11-20T09:40:00.000Z",
      lastJoinedAt: "2026-11-20T09:50:00.000Z",
    };
    const d = storm(10, { digest: old });
    expect(d.digest?.id).not.toBe(old.id);
    expect(d.digest?.total).toBe(1);
  });

  it("updates the digest, not a root or thread, when a member goes back to OK", () => {
    const joined = storm(10);
    const episode = must(joined.episode);
    const d = applyNotification(
      { openEpisode: episode, digest: must(joined.digest) },
      { ...episode.alarm, state: "OK", time: at(5) },
      route,
    );
    expect(d.effects.map((e) => e.kind)).toEqual(["sync_digest"]);
    expect(d.digest?.members[0]).toMatchObject({ state: "OK", resolved: true });
    expect(d.episode?.status).toBe("resolved");
  });
});

describe("reopen and flapping", () => {
  it("reopens the last episode for an ALARM within the reopen window after its OK", () => {
    const [first, , again] = replay([
      ["ALARM", at(0)],
      ["OK", at(2)],
      ["ALARM", at(6)],
    ]);
    expect(again?.episode?.id).toBe(first?.episode?.id);
    expect(again?.episode).toMatchObject({ status: "open", reopenCount: 1, alarmCount: 2 });
    expect(again?.episode?.closedAt).toBeUndefined();
    expect(again?.effects.map((e) => e.kind)).toEqual(["update_root", "thread_reply"]);
  });

  it("opens a new episode for an ALARM after the reopen window", () => {
    const [first, , again] = replay([
      ["ALARM", at(0)],
      ["OK", at(2)],
      ["ALARM", at(8)],
    ]);
    expect(again?.episode?.id).not.toBe(first?.episode?.id);
    expect(again?.effects.map((e) => e.kind)).toEqual(["post_root"]);
  });

  it("never reopens an episode someone resolved by hand", () => {
    const resolved: Episode = {
      ...must(applyNotification({}, makeAlarm({ time: at(0) }), route).episode),
      status: "resolved",
      closedAt: at(1),
      resolvedBy: "U1",
    };
    const d = applyNotification({ lastEpisode: resolved }, makeAlarm({ time: at(2) }), route);
    expect(d.effects.map((e) => e.kind)).toEqual(["post_root"]);
  });

  it("counts flips per alarm across episodes, within the window in alarm time", () => {
    const ds = replay([
      ["ALARM", at(0)],
      ["OK", at(1)],
      ["ALARM", at(2)],
      ["ALARM", at(3)],
      ["OK", at(40)],
    ]);
    expect(ds.map((d) => d.flips?.length)).toEqual([0, 1, 2, 2, 1]);
  });

  it("marks the alarm flapping after more than 4 flips, posts one summary, then stays quiet", () => {
    const states: [AlarmState, string][] = [];
    for (let i = 0; i < 5; i++) states.push(["ALARM", at(i * 2)], ["OK", at(i * 2 + 1)]);
    const ds = replay(states);
    const roots = ds.flatMap((d) => d.effects).filter((e) => e.kind === "post_root");
    const replies = ds.map((d) => d.effects.filter((e) => e.kind === "thread_reply"));
    expect(roots).toHaveLength(1);
    expect(ds[5]?.episode?.flapping).toBe(true);
    expect(replies[5]?.map((r) => r.kind === "thread_reply" && buildEpisodeReply(r.reply).text)).toEqual([
      expect.stringContaining("Flapping"),
    ]);
    expect(replies.slice(6).flat()).toEqual([]);
    expect(ds.slice(6).every((d) => d.effects.some((e) => e.kind === "update_root"))).toBe(true);
  });

  it("puts flip times and tuning suggestions from the trigger into the flapping summary", () => {
    const states: [AlarmState, string][] = [];
    for (let i = 0; i < 3; i++) states.push(["ALARM", at(i * 2)], ["OK", at(i * 2 + 1)]);
    const summary = replay(states)
      .flatMap((d) => d.effects)
      .find((e) => e.kind === "thread_reply" && e.reply.kind === "flapping");
    const body = JSON.stringify(summary?.kind === "thread_reply" && buildEpisodeReply(summary.reply));
    expect(body).toContain("changed state 5×");
    expect(body).toContain("3 of 3");
    expect(body).toContain("treatMissingData");
    expect(body.match(/<!date\^/g)?.length).toBe(5);
  });
});
