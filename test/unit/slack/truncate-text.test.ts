import { describe, expect, it } from "vitest";
import { safeCutIndex, truncateMrkdwn, truncatePlain } from "../../../src/slack/truncate-text.js";

describe("safeCutIndex", () => {
  it("moves a cut inside a surrogate pair before the pair", () => {
    expect(safeCutIndex("ab😀cd", 3)).toBe(2);
  });

  it("moves a cut inside &amp; before the entity", () => {
    expect(safeCutIndex("ab&amp;cd", 5)).toBe(2);
  });

  it("keeps a cut right after a complete entity", () => {
    expect(safeCutIndex("ab&lt;cd", 6)).toBe(6);
  });

  it("moves a cut inside one of our <…> links before the link", () => {
    expect(safeCutIndex("see <https://x.example|runbook> now", 15)).toBe(4);
  });
});

describe("truncateMrkdwn", () => {
  it("closes a code fence the cut left open", () => {
    const text = `intro\n\`\`\`\n${"log line\n".repeat(100)}\`\`\``;

    const out = truncateMrkdwn(text, 120);

    expect(out.length).toBeLessThanOrEqual(120);
    expect(out.split("```")).toHaveLength(3);
    expect(out).toMatch(/\n``` … \[\d+ more chars\]$/);
  });

  it("returns text within the limit unchanged", () => {
    expect(truncateMrkdwn("short", 10)).toBe("short");
  });

  it("falls back to a bare ellipsis when the limit is smaller than the note", () => {
    expect(truncateMrkdwn("abcdefghijklmnopqrstuvwxyz", 10)).toBe("abcdefghi…");
  });
});

describe("truncatePlain", () => {
  it("never leaves half an emoji", () => {
    expect(truncatePlain("ab😀cd", 4)).toBe("ab…");
  });
});
