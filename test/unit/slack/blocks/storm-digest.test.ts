import { describe, expect, it } from "vitest";
import { joinDigest, type StormDigest, updateDigestMember } from "../../../../src/incidents/storm-digest.js";
import { buildFlappingSummary } from "../../../../src/slack/blocks/flapping-summary.js";
import { buildStormDigest } from "../../../../src/slack/blocks/storm-digest.js";
import { makeAlarm } from "../../../fakes/make-alarm.js";
import { allText, expectWithinBlockKitLimits } from "./assert-block-limits.js";

function digestOf(names: readonly string[]): StormDigest {
  let d: StormDigest | undefined;
  names.forEach((name, i) => {
    const at = new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString();
    d = joinDigest(d, "#inc-web", `e-${i}`, makeAlarm({ name, time: at }), at);
  });
  if (!d) throw new Error("expected a digest");
  return d;
}

describe("buildStormDigest", () => {
  it("headlines the channel and count, and lists every member of a small storm", () => {
    const names = Array.from({ length: 20 }, (_, i) => `svc-${i}`);
    const m = buildStormDigest(digestOf(names));
    expect(m.text).toContain("Alarm storm in #inc-web: 20 alarms in 19 s");
    for (const n of names) expect(allText(m)).toContain(n);
    expectWithinBlockKitLimits(m);
  });

  it("shows resolved members as resolved and counts them", () => {
    const d = digestOf(["a-1", "a-2"]);
    const ok = updateDigestMember(d, "e-0", makeAlarm({ name: "a-1", state: "OK" }), true);
    const text = allText(buildStormDigest(ok));
    expect(text).toContain("*1* resolved");
    expect(text).toMatch(/✅ a-1 — resolved/);
  });

  it("stays within Block Kit limits for 700 long hostile names, listing 60 and counting the rest", () => {
    const names = Array.from({ length: 700 }, (_, i) => `<!channel> ${"x".repeat(250)}-${i}`);
    const m = buildStormDigest(digestOf(names));
    expectWithinBlockKitLimits(m);
    expect(allText(m)).not.toContain("<!channel>");
    expect(allText(m)).toContain("… and 640 more");
    expect(allText(m)).toContain("*200* more not tracked by name");
  });
});

describe("buildFlappingSummary", () => {
  it("keeps the newest 20 flips of a long list inside Block Kit limits", () => {
    const flips = Array.from({ length: 50 }, (_, i) => ({
      state: i % 2 ? ("OK" as const) : ("ALARM" as const),
      time: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(),
    }));
    const m = buildFlappingSummary({ alarmName: "a", flips, withinMinutes: 30, suggestions: [] });
    expectWithinBlockKitLimits(m);
    expect(allText(m)).toContain("newest 20 of 50");
  });
});
