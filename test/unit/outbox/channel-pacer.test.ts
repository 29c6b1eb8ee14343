import { describe, expect, it } from "vitest";
import { SlackPacer } from "../../../src/outbox/channel-pacer.js";

describe("SlackPacer", () => {
  it("paces posts per channel without letting updates use up a channel's posts", () => {
    // Prepare
    const pacer = new SlackPacer(1, { perMinute: 60, burst: 5 });
    // Act
    pacer.taken("post", "C1", 0);
    for (let i = 0; i < 3; i++) pacer.taken("update", "C2", 0);
    // Assess
    expect(pacer.waitMs("post", "C1", 0)).toBe(1000);
    expect(pacer.waitMs("post", "C2", 0)).toBe(0);
    expect(pacer.waitMs("update", "C1", 0)).toBe(0);
  });

  it("lets a burst of updates through, then refills at the per-minute rate across every channel", () => {
    const pacer = new SlackPacer(1, { perMinute: 60, burst: 3 });
    for (const channel of ["C1", "C2", "C3"]) pacer.taken("update", channel, 0);
    expect(pacer.waitMs("update", "C4", 0)).toBe(1000);
    expect(pacer.waitMs("update", "C4", 999)).toBe(1);
    expect(pacer.waitMs("update", "C4", 1000)).toBe(0);
  });

  it("pauses only the limit a 429 came from", () => {
    const pacer = new SlackPacer(1, { perMinute: 60, burst: 3 });
    pacer.pause("update", "C1", 0, 30_000);
    expect(pacer.waitMs("update", "C9", 0)).toBe(30_000);
    expect(pacer.waitMs("post", "C1", 0)).toBe(0);
    pacer.pause("post", "C1", 0, 5_000);
    expect(pacer.waitMs("post", "C1", 0)).toBe(5_000);
    expect(pacer.waitMs("post", "C2", 0)).toBe(0);
  });

  it("makes a digest (posted once, then updated) wait for both limits", () => {
    const pacer = new SlackPacer(1, { perMinute: 60, burst: 1 });
    pacer.taken("post", "C1", 0);
    pacer.taken("update", "C2", 0);
    expect(pacer.waitMs("post_or_update", "C3", 0)).toBe(1000);
    expect(pacer.waitMs("post_or_update", "C1", 500)).toBe(500);
  });
});
