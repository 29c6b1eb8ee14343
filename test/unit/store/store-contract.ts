import { afterEach, describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import type { Decision } from "../../../src/incidents/decision.js";
import { resolveEpisode } from "../../../src/incidents/episode-actions.js";
import type { ChecklistState } from "../../../src/runbooks/checklist-state.js";
import type { Store } from "../../../src/store/store.js";
import { makeAlarm } from "../../fakes/make-alarm.js";
import { describeIncidentContract } from "./store-incident-contract.js";

/** A store under test; `reopen` (when the implementation persists) opens a second store on the same data. */
export interface StoreUnderTest {
  readonly store: Store;
  reopen?(): Promise<Store>;
  cleanup(): Promise<void>;
}

const route = { channel: "#inc" };
const NOW = new Date("2026-11-20T10:30:00Z");
const otherAlarm = (overrides: Partial<Alarm> = {}) =>
  makeAlarm({ name: "db-cpu", arn: "arn:aws:cloudwatch:us-east-2:123456789012:alarm:db-cpu", ...overrides });

function ingest(store: Store, messageId: string, alarm = makeAlarm()) {
  return store.ingest({ messageId, alarm, receivedAt: alarm.time }, (h) =>
    applyNotification(h, alarm, route),
  );
}

async function openEpisodeId(store: Store, messageId: string, alarm = makeAlarm()): Promise<string> {
  const outcome = await ingest(store, messageId, alarm);
  const id = outcome.status === "accepted" ? outcome.decision.episode?.id : undefined;
  if (id === undefined) throw new Error("expected the alarm to open an episode");
  return id;
}

function checklist(id: string): ChecklistState {
  return {
    id,
    runbook: "alb-latency",
    title: "ALB latency",
    items: Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, text: `step ${i}` })),
  };
}

/**
 * The behaviours every `Store` implementation must share, run against each of them: dedupe, the episode
 * bookkeeping of `ingest`, per-episode outbox order, retries and failures, and atomic checklist updates.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    const open: StoreUnderTest[] = [];
    const fresh = async (): Promise<StoreUnderTest> => {
      const s = await makeStore();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.cleanup();
    });

    it("accepts a message once and reports its redelivery as a duplicate without new effects", async () => {
      const { store } = await fresh();
      const first = await ingest(store, "m-1");
      const again = await ingest(store, "m-1");
      expect(first.status).toBe("accepted");
      expect(again).toEqual({ status: "duplicate" });
      expect(await store.pendingOutboxCount()).toBe(1);
    });

    it("bumps the open episode in place on a repeated ALARM", async () => {
      const { store } = await fresh();
      const id = await openEpisodeId(store, "m-1");
      const repeat = await ingest(store, "m-2", makeAlarm({ time: "2026-11-20T10:05:00.000Z" }));
      expect(repeat.status === "accepted" && repeat.decision.effects.map((e) => e.kind)).toEqual([
        "update_root",
      ]);
      expect(await store.getEpisode(id)).toMatchObject({ alarmCount: 2, status: "open" });
    });

    it("hands out only the oldest pending item of each episode so a thread stays in order", async () => {
      const { store } = await fresh();
      await ingest(store, "m-1");
      await ingest(store, "m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));
      const due = await store.dueOutbox(NOW, 10);
      expect(due.map((d) => d.effect.kind)).toEqual(["post_root"]);
      await store.completeOutbox(due[0]?.id ?? -1, { channel: "C1", ts: "1.0001" });
      const next = await store.dueOutbox(NOW, 10);
      expect(next.map((d) => d.effect.kind)).toEqual(["update_root"]);
    });

    it("hands out the heads of different episodes together, oldest first", async () => {
      const { store } = await fresh();
      await ingest(store, "m-1");
      await ingest(store, "m-2", otherAlarm());
      const due = await store.dueOutbox(NOW, 10);
      expect(due.map((d) => d.effect.episodeId)).toEqual([
        `${makeAlarm().arn}#2026-11-20T10:00:00.000Z`,
        `${otherAlarm().arn}#2026-11-20T10:00:00.000Z`,
      ]);
      expect((due[0]?.id ?? 0) < (due[1]?.id ?? 0)).toBe(true);
    });

    it("respects the limit of due items", async () => {
      const { store } = await fresh();
      await ingest(store, "m-1");
      await ingest(store, "m-2", otherAlarm());
      expect(await store.dueOutbox(NOW, 1)).toHaveLength(1);
    });

    it("hands out at most perChannel items of one channel, oldest first, the rest of the batch to others", async () => {
      const { store } = await fresh();
      await ingest(store, "m-1");
      await ingest(store, "m-2", otherAlarm());
      const quiet = makeAlarm({
        name: "api-5xx",
        arn: "arn:aws:cloudwatch:us-east-2:123456789012:alarm:api-5xx",
      });
      await store.ingest({ messageId: "m-3", alarm: quiet, receivedAt: quiet.time }, (h) =>
        applyNotification(h, quiet, { channel: "#quiet" }),
      );

      const shared = await store.dueOutbox(NOW, 2, 1);
      const all = await store.dueOutbox(NOW, 10);

      expect(shared.map((i) => i.effect.channel)).toEqual(["#inc", "#quiet"]);
      expect(all.map((i) => i.effect.channel)).toEqual(["#inc", "#inc", "#quiet"]);
      expect(shared[0]?.id).toBe(all[0]?.id);
    });

    it("hands an item out again to the same store while it is neither completed nor retried", async () => {
      const { store } = await fresh();
      await ingest(store, "m-1");
      const [first] = await store.dueOutbox(NOW, 10);
      const [again] = await store.dueOutbox(NOW, 10);
      expect(again?.id).toBe(first?.id);
    });

    it("records the delivered root message's channel and ts on the episode", async () => {
      const { store } = await fresh();
      const id = await openEpisodeId(store, "m-1");
      const [item] = await store.dueOutbox(NOW, 10);
      await store.completeOutbox(item?.id ?? -1, { channel: "C42", ts: "1700000000.000100" });
      expect(await store.getEpisode(id)).toMatchObject({ slackChannel: "C42", slackTs: "1700000000.000100" });
      expect(await store.pendingOutboxCount()).toBe(0);
    });

    it("falls back to the effect's channel when the delivery result names none", async () => {
      const { store } = await fresh();
      const id = await openEpisodeId(store, "m-1");
      const [item] = await store.dueOutbox(NOW, 10);
      await store.completeOutbox(item?.id ?? -1, { ts: "1.2" });
      expect(await store.getEpisode(id)).toMatchObject({ slackChannel: "#inc", slackTs: "1.2" });
    });

    it("holds a retried item back until its next attempt time and keeps its error", async () => {
      const { store } = await fresh();
      await ingest(store, "m-1");
      const [item] = await store.dueOutbox(NOW, 10);
      await store.retryOutbox(item?.id ?? -1, "ratelimited", new Date("2026-11-20T10:31:00Z"));
      expect(await store.dueOutbox(new Date("2026-11-20T10:30:59Z"), 10)).toEqual([]);
      const later = await store.dueOutbox(new Date("2026-11-20T10:31:00Z"), 10);
      expect(later[0]).toMatchObject({ id: item?.id, attempts: 1, lastError: "ratelimited" });
    });

    it("records an item's first attempt time once, keeps it across retries and forgets it when told", async () => {
      // Prepare
      const { store } = await fresh();
      await ingest(store, "m-1");
      const [item] = await store.dueOutbox(NOW, 10);
      const id = item?.id ?? -1;
      const fence = item?.claim === undefined ? {} : { claim: item.claim };

      // Act
      const held = await store.holdOutbox(id, { ...fence, attemptAt: new Date("2026-11-20T10:30:01Z") });
      await store.holdOutbox(id, { ...fence, attemptAt: new Date("2026-11-20T10:30:05Z") });
      await store.retryOutbox(id, "no answer", NOW, fence);
      const [kept] = await store.dueOutbox(NOW, 10);
      await store.retryOutbox(id, "ratelimited", NOW, {
        ...(kept?.claim !== undefined && { claim: kept.claim }),
        forgetAttempt: true,
      });
      const [forgotten] = await store.dueOutbox(NOW, 10);

      // Assess
      expect(item?.firstAttemptAt).toBeUndefined();
      expect(held).toBe(true);
      expect(kept?.firstAttemptAt).toBe("2026-11-20T10:30:01.000Z");
      expect(forgotten?.firstAttemptAt).toBeUndefined();
      expect(forgotten?.attempts).toBe(2);
    });

    it("drops a failed item from the pending work and unblocks the episode's next item", async () => {
      const { store } = await fresh();
      await ingest(store, "m-1");
      await ingest(store, "m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));
      const [head] = await store.dueOutbox(NOW, 10);
      await store.failOutbox(head?.id ?? -1, "channel_not_found");
      const next = await store.dueOutbox(NOW, 10);
      expect(next.map((d) => d.effect.kind)).toEqual(["update_root"]);
      expect(await store.pendingOutboxCount()).toBe(2);
    });

    it("does not let a stale delivery move the alarm's state backwards", async () => {
      const { store } = await fresh();
      await ingest(store, "m-1");
      await ingest(store, "m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));
      const late = await ingest(store, "m-0", makeAlarm({ time: "2026-11-20T09:59:00.000Z" }));
      const alsoLate = await ingest(store, "m-3", makeAlarm({ time: "2026-11-20T10:05:00.000Z" }));
      expect(late.status === "accepted" && late.decision.ignored).toMatch(/^stale/);
      expect(alsoLate.status === "accepted" && alsoLate.decision.ignored).toMatch(/^stale/);
      expect(await store.pendingOutboxCount()).toBe(3);
    });

    it("remembers the state time of an OK that had no episode, so older ALARMs are stale", async () => {
      const { store } = await fresh();
      const ok = await ingest(store, "m-1", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));
      const older = await ingest(store, "m-2", makeAlarm({ time: "2026-11-20T10:05:00.000Z" }));
      expect(ok.status === "accepted" && ok.decision.ignored).toBe("OK without an open episode");
      expect(older.status === "accepted" && older.decision.ignored).toMatch(/^stale/);
    });

    it("opens a new episode after the previous one resolved", async () => {
      const { store } = await fresh();
      const first = await openEpisodeId(store, "m-1");
      await ingest(store, "m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));
      const second = await openEpisodeId(store, "m-3", makeAlarm({ time: "2026-11-20T10:20:00.000Z" }));
      expect(second).not.toBe(first);
      expect(await store.getEpisode(first)).toMatchObject({ status: "resolved" });
    });

    it("lets a hand-resolved episode close the alarm, so the next ALARM opens a new one", async () => {
      const { store } = await fresh();
      const first = await openEpisodeId(store, "m-1");
      await store.updateEpisode(first, (e) => resolveEpisode(e, "U1", NOW));
      const second = await openEpisodeId(store, "m-2", makeAlarm({ time: "2026-11-20T10:40:00.000Z" }));
      expect(second).not.toBe(first);
    });

    it("does not let a change to an old episode disturb the alarm's current one", async () => {
      const { store } = await fresh();
      const first = await openEpisodeId(store, "m-1");
      await ingest(store, "m-2", makeAlarm({ state: "OK", time: "2026-11-20T10:10:00.000Z" }));
      const second = await openEpisodeId(store, "m-3", makeAlarm({ time: "2026-11-20T10:20:00.000Z" }));
      await store.updateEpisode(first, (e) => ({ episode: { ...e, acknowledgedBy: "U1" }, effects: [] }));
      const repeat = await ingest(store, "m-4", makeAlarm({ time: "2026-11-20T10:25:00.000Z" }));
      expect(repeat.status === "accepted" && repeat.decision.episode?.id).toBe(second);
      expect(repeat.status === "accepted" && repeat.decision.episode?.alarmCount).toBe(2);
    });

    it("saves an episode change with its effects, and writes nothing when the change declines", async () => {
      const { store } = await fresh();
      const id = await openEpisodeId(store, "m-1");
      const declined = await store.updateEpisode(id, () => undefined);
      const acked = await store.updateEpisode(
        id,
        (e): Decision => ({
          episode: { ...e, acknowledgedBy: "U1" },
          effects: [{ kind: "update_root", episodeId: e.id, channel: "#inc" }],
        }),
      );
      expect(declined?.acknowledgedBy).toBeUndefined();
      expect(acked).toMatchObject({ acknowledgedBy: "U1" });
      expect(await store.getEpisode(id)).toMatchObject({ acknowledgedBy: "U1" });
      expect(await store.pendingOutboxCount()).toBe(2);
      expect(await store.updateEpisode("missing", () => undefined)).toBeUndefined();
    });

    it("stores the checklists a decision carries, without resetting an existing one", async () => {
      const { store } = await fresh();
      await store.saveChecklist(checklist("c-1"));
      await store.updateChecklist("c-1", (c) => ({ ...c, completedBy: "U9" }));
      const alarm = makeAlarm();
      await store.ingest({ messageId: "m-1", alarm, receivedAt: alarm.time }, (h) => ({
        ...applyNotification(h, alarm, route),
        checklists: [checklist("c-1"), checklist("c-2")],
      }));
      expect(await store.getChecklist("c-1")).toMatchObject({ completedBy: "U9" });
      expect(await store.getChecklist("c-2")).toEqual(checklist("c-2"));
    });

    it("keeps the first saved checklist when the same id is saved again", async () => {
      const { store } = await fresh();
      await store.saveChecklist(checklist("c-1"));
      await store.saveChecklist({ ...checklist("c-1"), title: "other" });
      expect((await store.getChecklist("c-1"))?.title).toBe("ALB latency");
      expect(await store.getChecklist("missing")).toBeUndefined();
    });

    it("lands every one of many concurrent checklist ticks", async () => {
      const { store } = await fresh();
      await store.saveChecklist(checklist("c-1"));
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.updateChecklist("c-1", (c) => ({
            ...c,
            items: c.items.map((it) => (it.id === `s${i}` ? { ...it, checkedBy: `U${i}` } : it)),
          })),
        ),
      );
      const saved = await store.getChecklist("c-1");
      expect(saved?.items.map((it) => it.checkedBy)).toEqual(Array.from({ length: 8 }, (_, i) => `U${i}`));
    });

    it("returns the current checklist when the change declines, and undefined for an unknown id", async () => {
      const { store } = await fresh();
      await store.saveChecklist(checklist("c-1"));
      expect(await store.updateChecklist("c-1", () => undefined)).toEqual(checklist("c-1"));
      expect(await store.updateChecklist("missing", (c) => c)).toBeUndefined();
    });

    describeIncidentContract(fresh);

    it("answers ping when ready", async () => {
      const { store } = await fresh();
      expect(await store.ping()).toBe(true);
    });

    it("keeps episodes, dedupe and pending effects for a store reopened on the same data", async () => {
      const s = await fresh();
      if (!s.reopen) return;
      const id = await openEpisodeId(s.store, "m-1");
      await s.store.close();
      const again = await s.reopen();
      expect(await again.pendingOutboxCount()).toBe(1);
      expect((await ingest(again, "m-1")).status).toBe("duplicate");
      expect(await again.getEpisode(id)).toMatchObject({ status: "open" });
      await again.close();
    });

    it("saves mute windows, lists those not over, and replaces one ended early", async () => {
      const { store } = await fresh();
      const base = {
        match: { route: "batch-*" },
        createdBy: "U0ALICE",
        createdAt: "2026-11-20T10:00:00.000Z",
      };
      await store.saveMute({
        ...base,
        id: "m-old",
        startsAt: "2026-11-20T08:00:00.000Z",
        endsAt: "2026-11-20T09:00:00.000Z",
      });
      await store.saveMute({
        ...base,
        id: "m-b",
        startsAt: "2026-11-20T10:10:00.000Z",
        endsAt: "2026-11-20T12:00:00.000Z",
      });
      await store.saveMute({
        ...base,
        id: "m-a",
        startsAt: "2026-11-20T10:00:00.000Z",
        endsAt: "2026-11-20T11:00:00.000Z",
        reason: "deploy",
      });

      await store.saveMute({
        ...base,
        id: "m-b",
        startsAt: "2026-11-20T10:10:00.000Z",
        endsAt: "2026-11-20T10:30:00.000Z",
        endedBy: "U0BOB",
      });

      expect((await store.listMutes(NOW)).map((m) => m.id)).toEqual(["m-a"]);
      const earlier = await store.listMutes(new Date("2026-11-20T10:00:00Z"));
      expect(earlier.map((m) => [m.id, m.endedBy])).toEqual([
        ["m-a", undefined],
        ["m-b", "U0BOB"],
      ]);
      expect(earlier[0]?.reason).toBe("deploy");
    });

    it("indexes episodes opened under a mute, also after they change", async () => {
      const { store } = await fresh();
      const alarm = makeAlarm();
      const outcome = await store.ingest({ messageId: "m1", alarm, receivedAt: alarm.time }, (h) => {
        const d = applyNotification(h, alarm, route);
        return d.episode
          ? {
              ...d,
              episode: { ...d.episode, muted: { key: "m-x", until: "2026-11-20T12:00:00.000Z" } },
              effects: [],
            }
          : d;
      });
      const id = outcome.status === "accepted" ? (outcome.decision.episode?.id ?? "") : "";
      await store.updateEpisode(id, (e) => ({ episode: { ...e, acknowledgedBy: "U0ALICE" }, effects: [] }));

      const muted = await store.mutedEpisodes("m-x");

      expect(muted.map((e) => [e.id, e.acknowledgedBy])).toEqual([[id, "U0ALICE"]]);
      expect(await store.mutedEpisodes("m-other")).toEqual([]);
      expect(await store.pendingOutboxCount()).toBe(0);
    });

    it("grants a claim to exactly one caller, even when they race", async () => {
      const { store } = await fresh();

      const results = await Promise.all([1, 2, 3].map(() => store.claimOnce("mute-end#m-x", NOW)));

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claimOnce("mute-end#m-x", NOW)).toBe(false);
      expect(await store.claimOnce("mute-end#m-y", NOW)).toBe(true);
    });

    it("answers report facts of episodes opened in a window from the index, kept current on every write", async () => {
      const { store } = await fresh();
      const early = makeAlarm({ time: "2026-11-19T09:00:00.000Z" });
      const inside = otherAlarm({ time: "2026-11-20T09:00:00.000Z" });
      await ingest(store, "e1", early);
      const id = await openEpisodeId(store, "e2", inside);
      await store.updateEpisode(id, (e) => ({
        episode: { ...e, acknowledgedAt: "2026-11-20T09:03:00.000Z" },
        effects: [],
      }));

      const facts = await store.episodeFactsBetween(new Date("2026-11-20T00:00:00Z"), NOW);

      expect(facts.map((f) => [f.id, f.alarmName, f.acknowledgedAt])).toEqual([
        [id, "db-cpu", "2026-11-20T09:03:00.000Z"],
      ]);
      expect(await store.episodeFactsBetween(new Date("2026-11-18T00:00:00Z"), NOW)).toHaveLength(2);
    });

    it("lists the episodes not resolved yet, oldest first", async () => {
      const { store } = await fresh();
      const first = await openEpisodeId(store, "o1", makeAlarm({ time: "2026-11-20T09:00:00.000Z" }));
      const second = await openEpisodeId(store, "o2", otherAlarm({ time: "2026-11-20T09:30:00.000Z" }));
      await ingest(store, "o3", makeAlarm({ state: "OK", time: "2026-11-20T09:40:00.000Z" }));

      const open = await store.openEpisodes(10);

      expect(open.map((e) => e.id)).toEqual([second]);
      expect(first).not.toBe(second);
    });
  });
}
