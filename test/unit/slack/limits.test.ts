import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  clampSection,
  fitBlocks,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_SECTION_TEXT,
} from "../../../src/slack/limits.js";

const section = (i: number): KnownBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: `block ${i}` },
});
const blocks = (n: number): KnownBlock[] => Array.from({ length: n }, (_, i) => section(i));

describe("fitBlocks", () => {
  it("returns lists that fit unchanged", () => {
    expect(fitBlocks(blocks(50))).toEqual(blocks(50));
  });

  it("trims to 50 blocks with a closing '… N more not shown' context", () => {
    const out = fitBlocks(blocks(80));

    expect(out).toHaveLength(MAX_BLOCKS_PER_MESSAGE);
    expect(out[48]).toEqual(section(48));
    expect(out[49]).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "… 31 more not shown" }] });
  });

  it("keeps the trailing blocks asked for, after the note", () => {
    const out = fitBlocks(blocks(80), { keepLast: 1 });

    expect(out).toHaveLength(50);
    expect(out[48]).toMatchObject({ type: "context" });
    expect(out[49]).toEqual(section(79));
    expect(JSON.stringify(out[48])).toContain("… 31 more not shown");
  });

  it("honours the 100-block budget of modals", () => {
    expect(fitBlocks(blocks(150), { max: 100 })).toHaveLength(100);
  });
});

describe("clampSection", () => {
  it("clamps to 3,000 characters", () => {
    expect(clampSection("y".repeat(10_000)).length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
  });
});
