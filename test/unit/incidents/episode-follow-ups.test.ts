import { afterEach, describe, expect, it } from "vitest";
import type { ChangesReport } from "../../../src/changes/change.js";
import type { ChangesRequest } from "../../../src/changes/find-changes.js";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import type { Effect } from "../../../src/incidents/effects.js";
import { createEpisodeFollowUps } from "../../../src/incidents/episode-follow-ups.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { buildEpisodeReply } from "../../../src/slack/blocks/episode-replies.js";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import type { Store } from "../../../src/store/store.js";
import { makeAlarm } from "../../fakes/make-alarm.js";
import { axonflowAnswer, NOW, stubBackend, stubDeps } from "../error-summary/error-summary-stubs.js";

const ALARM_TIME = "2026-11-20T11:50:00.000Z";
const ALARM_MS = Date.parse(ALARM_TIME);
const route = { channel: "#inc-web", service: "axonflow-api" };

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("condition never held");
}

const deploy: ChangesReport = {
  startMs: ALARM_MS - 7_200_000,
  endMs: ALARM_MS,
  notes: [],
  changes: [
    {
      at: new Date(ALARM_MS - 12 * 60_000).toISOString(),
      who: "deploy-bot",
      what: "Update service",
      eventName: "UpdateService",
      resource: "axonflow-api",
      source: "cloudtrail",
      relevance: "service",
    },
  ],
};

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
});

describe("episode follow-ups with changes", () => {
  it("posts the first look without waiting past waitMs, then the changes when they arrive, and hints on the alarm", async () => {
    // Prepare: a change lookup that answers only when the test lets it.
    store = openSqliteStore(":memory:", () => NOW);
    const s = store;
    const alarm = makeAlarm({ time: ALARM_TIME });
    await s.ingest({ messageId: "m-1", alarm, receivedAt: ALARM_TIME }, (h) =>
      applyNotification(h, alarm, route),
    );
    const episode = (await s.dueOutbox(NOW, 10))[0];
    const opened = episode ? await s.getEpisode(episode.effect.episodeId) : undefined;
    // Every effect the follow-ups store, in order.
    const effects: Effect[] = [];
    const recording: Store = Object.assign(Object.create(s) as Store, {
      updateEpisode: ((id, change) =>
        s.updateEpisode(id, (e) => {
          const d = change(e);
          if (d) effects.push(...d.effects);
          return d;
        })) satisfies Store["updateEpisode"],
    });
    let answer: (r: ChangesReport) => void = () => {};
    const asked: ChangesRequest[] = [];
    const followUp = createEpisodeFollowUps({
      store: recording,
      errors: stubDeps(stubBackend(axonflowAnswer).backend),
      changes: {
        find: (request) => {
          asked.push(request);
          return new Promise((resolve) => {
            answer = resolve;
          });
        },
        lookbackMinutes: 120,
        waitMs: 20,
        services: {
          "axonflow-api": {
            logGroups: ["/a"],
            idFields: ["x"],
            messageField: "m",
            errorLevels: [],
            errorPattern: "E",
            resources: ["arn:aws:ecs:us-east-2:1:service/prod/axonflow-api"],
          },
        },
      },
      kickOutbox: () => {},
      clock: () => NOW,
      logger: silentLogger(),
    });
    const replies = async () =>
      effects.flatMap((e) => (e.kind === "thread_reply" ? [JSON.stringify(buildEpisodeReply(e.reply))] : []));

    // Act
    if (!opened) throw new Error("expected an episode");
    followUp(opened);
    await until(async () => (await replies()).length === 1);
    answer(deploy);
    await until(async () => (await replies()).length === 2);

    // Assess
    expect(asked[0]).toMatchObject({
      region: "us-east-2",
      startMs: ALARM_MS - 7_200_000,
      endMs: ALARM_MS,
      serviceName: "axonflow-api",
      serviceResources: ["arn:aws:ecs:us-east-2:1:service/prod/axonflow-api"],
    });
    const [first, second] = await replies();
    expect(first).toContain("First look");
    expect(first).toContain("Still looking in CloudTrail");
    expect(second).toContain("12 min before: *Update service* on `axonflow-api` by deploy-bot");
    await until(async () => (await s.getEpisode(opened.id))?.changeHint !== undefined);
    expect((await s.getEpisode(opened.id))?.changeHint).toBe(
      "Update service on axonflow-api by deploy-bot, 12 min before the alarm",
    );
    expect(effects.filter((e) => e.kind === "update_root")).toHaveLength(1);
  });
});
