import { expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import type { AlarmHistory } from "../../../src/incidents/alarm-history.js";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import { acknowledgeEpisode } from "../../../src/incidents/episode-actions.js";
import { escalateEpisode } from "../../../src/incidents/escalation.js";
import { DEFAULT_INCIDENT_POLICY } from "../../../src/incidents/incident-policy.js";
import type { Store } from "../../../src/store/store.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const route = { channel: "#inc", escalateTo: "subteam:S0ONCALL" };
const policy = { ...DEFAULT_INCIDENT_POLICY, storm: { maxNewEpisodesPerMinute: 2 } };
const named = (name: string, overrides: Partial<Alarm> = {}) =>
  makeAlarm({ name, arn: `arn:aws:cloudwatch:us-east-2:123456789012:alarm:${name}`, ...overrides });

/** Ingests with the route's channel, as `ingestAlarm` does, recording the history `decide` was given. */
async function ingestIn(store: Store, messageId: string, alarm: Alarm, receivedAt: string) {
  let seen: AlarmHistory | undefined;
  const outcome = await store.ingest({ messageId, alarm, receivedAt, channel: route.channel }, (h) => {
    seen = h;
    return applyNotification(h, alarm, route, policy);
  });
  if (outcome.status !== "accepted") throw new Error("expected the notification to be accepted");
  return { decision: outcome.decision, seen };
}

/** Storm, flapping and escalation bookkeeping every store shares (part of the store contract). */
export function describeIncidentContract(fresh: () => Promise<{ readonly store: Store }>): void {
  it("counts new episodes per channel over the last minute and gathers a storm into one stored digest", async () => {
    const { store } = await fresh();
    const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, s)).toISOString();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await ingestIn(store, `m-${i}`, named(`a-${i}`), at(i)));
    const later = await ingestIn(store, "m-late", named("a-late"), at(61));
    expect(results.map((r) => r.seen?.channelOpensLastMinute)).toEqual([0, 1, 2, 3]);
    expect(later.seen?.channelOpensLastMinute).toBe(2);
    const digestId = results[3]?.decision.digest?.id ?? "";
    expect(results[2]?.decision.digest?.id).toBe(digestId);
    expect(later.seen?.digest?.id).toBe(digestId);
    expect((await store.getDigest(digestId))?.members.map((m) => m.name)).toEqual(["a-2", "a-3", "a-late"]);
    expect(await store.getDigest("missing")).toBeUndefined();
  });

  it("hands a member's digest to decide on its OK and records the digest's first post", async () => {
    const { store } = await fresh();
    const t = "2026-11-20T10:00:00.000Z";
    for (let i = 0; i < 3; i++) await ingestIn(store, `m-${i}`, named(`a-${i}`, { time: t }), t);
    const ok = await ingestIn(
      store,
      "m-ok",
      named("a-2", { state: "OK", time: "2026-11-20T10:05:00.000Z" }),
      t,
    );
    const digestId = ok.seen?.digest?.id ?? "";
    expect(ok.decision.effects.map((e) => e.kind)).toEqual(["sync_digest"]);
    const due = await store.dueOutbox(new Date("2026-11-20T10:30:00Z"), 10);
    const sync = due.find((d) => d.effect.kind === "sync_digest");
    await store.completeOutbox(sync?.id ?? -1, { channel: "C9", ts: "9.1" });
    expect(await store.getDigest(digestId)).toMatchObject({
      slackChannel: "C9",
      slackTs: "9.1",
      members: [expect.objectContaining({ name: "a-2", resolved: true })],
    });
  });

  it("keeps an alarm's flips and last episode across episodes, so an ALARM soon after OK reopens it", async () => {
    const { store } = await fresh();
    const t = (m: number) => new Date(Date.UTC(2026, 10, 20, 10, m)).toISOString();
    const first = await ingestIn(store, "m-1", named("f", { time: t(0) }), t(0));
    await ingestIn(store, "m-2", named("f", { state: "OK", time: t(1) }), t(1));
    const again = await ingestIn(store, "m-3", named("f", { time: t(2) }), t(2));
    expect(again.seen?.lastEpisode?.id).toBe(first.decision.episode?.id);
    expect(again.seen?.flips?.map((f) => f.state)).toEqual(["OK"]);
    expect(again.decision.episode?.id).toBe(first.decision.episode?.id);
    const id = first.decision.episode?.id ?? "";
    expect(await store.getEpisode(id)).toMatchObject({ status: "open", reopenCount: 1 });
    const repeat = await ingestIn(store, "m-4", named("f", { time: t(3) }), t(3));
    expect(repeat.seen?.openEpisode?.id).toBe(id);
  });

  it("lists open, unacknowledged, unescalated episodes for escalation, oldest first", async () => {
    const { store } = await fresh();
    const t = (m: number) => new Date(Date.UTC(2026, 10, 20, 10, m)).toISOString();
    const a = (await ingestIn(store, "m-1", named("e-a", { time: t(0) }), t(0))).decision.episode?.id ?? "";
    const b = (await ingestIn(store, "m-2", named("e-b", { time: t(5) }), t(5))).decision.episode?.id ?? "";
    const c = (await ingestIn(store, "m-3", named("e-c", { time: t(6) }), t(6))).decision.episode?.id ?? "";
    const ids = async (m: number) => (await store.escalationCandidates(new Date(t(m)), 10)).map((e) => e.id);
    expect(await ids(5)).toEqual([a, b]);
    await store.updateEpisode(a, (e) => escalateEpisode(e, new Date(t(20)), 15));
    await store.updateEpisode(b, (e) => acknowledgeEpisode(e, "U1", new Date(t(6))));
    expect(await ids(30)).toEqual([c]);
    expect((await store.getEpisode(a))?.escalatedAt).toBe(t(20));
  });
}
