import { describe, expect, it } from "vitest";
import type { Route } from "../../../src/config/schema.js";
import { parseMuteArgs, requiredMuteGroups } from "../../../src/mutes/parse-mute-args.js";

const NOW = new Date("2026-11-20T10:30:00Z");
const routes: Route[] = [
  { name: "batch-nightly", match: {}, channel: "#batch", muteUserGroups: ["S0BATCH"] },
  { name: "web", match: {}, channel: "#web" },
];

describe("parseMuteArgs", () => {
  it("takes a route glob, a duration and a reason", () => {
    const r = parseMuteArgs("batch-* 2h nightly reindex", routes, NOW);

    expect(r).toEqual({
      ok: true,
      value: {
        match: { route: "batch-*" },
        endsAt: new Date("2026-11-20T12:30:00Z"),
        reason: "nightly reindex",
      },
    });
  });

  it("takes an alarm glob and `until` a UTC time, tomorrow when it has passed today", () => {
    const r = parseMuteArgs("*-latency until 09:15", routes, NOW);

    expect(r.ok && r.value).toEqual({
      match: { alarmName: "*-latency" },
      endsAt: new Date("2026-11-21T09:15:00Z"),
    });
  });

  it("explains what to type for bad input", () => {
    const missing = parseMuteArgs("web", routes, NOW);
    const badDuration = parseMuteArgs("web soon", routes, NOW);
    const tooLong = parseMuteArgs("web 40d", routes, NOW);

    expect(!missing.ok && missing.error).toContain("Usage: `/klaxon mute");
    expect(!badDuration.ok && badDuration.error).toContain("`soon` is not a duration");
    expect(!tooLong.ok && tooLong.error).toContain("at most 30 days");
  });
});

describe("requiredMuteGroups", () => {
  it("asks for the groups of the routes a mute covers", () => {
    expect(requiredMuteGroups({ route: "web" }, routes)).toEqual([]);
    expect(requiredMuteGroups({ route: "batch-*" }, routes)).toEqual([["S0BATCH"]]);
    expect(requiredMuteGroups({ alarmName: "*" }, routes)).toEqual([["S0BATCH"]]);
  });
});
