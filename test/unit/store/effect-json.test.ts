import { describe, expect, it } from "vitest";
import { runFirstLook } from "../../../src/error-summary/first-look.js";
import type { Effect } from "../../../src/incidents/effects.js";
import { buildEpisodeReply } from "../../../src/slack/blocks/episode-replies.js";
import { decodeEffect, encodeEffect } from "../../../src/store/effect-json.js";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import { makeAlarm } from "../../fakes/make-alarm.js";
import { axonflowAnswer, stubBackend, stubDeps } from "../error-summary/error-summary-stubs.js";

const ROUTE = { channel: "#inc-axonflow", service: "axonflow-api" };

/** A first look as the follow-up stores it: its bins, spike and patterns carry Dates. */
async function firstLookReply(): Promise<Effect> {
  const look = await runFirstLook(
    stubDeps(stubBackend(axonflowAnswer).backend),
    makeAlarm({ time: "2026-11-20T12:00:00.000Z" }),
    ROUTE,
  );
  if (look?.kind !== "summary") throw new Error("expected the stub to give a summary");
  return {
    kind: "thread_reply",
    episodeId: "e-1",
    channel: ROUTE.channel,
    reply: { kind: "first_look", look },
  };
}

describe("encodeEffect / decodeEffect", () => {
  it("brings a first look back with its Dates, so it renders after the round trip as before it", async () => {
    // Prepare
    const effect = await firstLookReply();

    // Act
    const back = decodeEffect(encodeEffect(effect));

    // Assess
    expect(back).toEqual(effect);
    if (back.kind !== "thread_reply" || !("reply" in back) || effect.kind !== "thread_reply")
      throw new Error("expected a thread reply");
    expect(buildEpisodeReply(back.reply)).toEqual(buildEpisodeReply(effect.reply));
  });

  it("reads a row written as plain JSON (before Dates were tagged) as it was", () => {
    // Prepare
    const old = { kind: "thread_reply", episodeId: "e-1", channel: "#inc", text: "Back to OK after 5 min." };

    // Act
    const back = decodeEffect(JSON.stringify(old));

    // Assess
    expect(back).toEqual(old);
  });

  it("writes an invalid Date as null instead of throwing", () => {
    // Prepare
    const effect = {
      kind: "thread_reply",
      episodeId: "e-1",
      channel: "#inc",
      text: "x",
      at: new Date(Number.NaN),
    };

    // Act
    const text = encodeEffect(effect as unknown as Effect);

    // Assess
    expect(JSON.parse(text)).toMatchObject({ at: null });
  });
});

describe("the SQLite outbox", () => {
  it("delivers a stored first look with its Dates intact", async () => {
    // Prepare
    const store = openSqliteStore(":memory:");
    const alarm = makeAlarm();
    const effect = await firstLookReply();
    const outcome = await store.ingest({ messageId: "m-1", alarm, receivedAt: alarm.time }, () => ({
      effects: [{ ...effect, episodeId: `${alarm.arn}#${alarm.time}` }],
    }));
    expect(outcome.status).toBe("accepted");

    // Act
    const [item] = await store.dueOutbox(new Date("2026-11-20T12:30:00Z"), 10);

    // Assess
    expect(item?.effect).toEqual({ ...effect, episodeId: `${alarm.arn}#${alarm.time}` });
    await store.close();
  });
});
