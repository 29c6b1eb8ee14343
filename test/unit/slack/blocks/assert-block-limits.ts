import type { KnownBlock } from "@slack/types";
import { expect } from "vitest";

/** Every text string inside a block, with the Block Kit limit that applies to it. */
function texts(block: KnownBlock): { text: string; max: number }[] {
  const out: { text: string; max: number }[] = [];
  if (block.type === "header") out.push({ text: block.text.text, max: 150 });
  if (block.type === "section") {
    if (block.text) out.push({ text: block.text.text, max: 3000 });
    for (const f of block.fields ?? []) out.push({ text: f.text, max: 2000 });
  }
  if (block.type === "context") {
    for (const e of block.elements) if ("text" in e) out.push({ text: e.text, max: 3000 });
  }
  if (block.type === "actions") {
    for (const e of block.elements) {
      if (e.type !== "button") continue;
      out.push({ text: e.text.text, max: 75 });
      if (e.value !== undefined) out.push({ text: e.value, max: 2000 });
      if (e.url !== undefined) out.push({ text: e.url, max: 3000 });
      if (e.action_id !== undefined) out.push({ text: e.action_id, max: 255 });
    }
  }
  return out;
}

/** Asserts a message keeps every Block Kit limit klaxon relies on (blocks, fields, elements, text lengths). */
export function expectWithinBlockKitLimits(message: { text: string; blocks: readonly KnownBlock[] }): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(4000);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  let total = 0;
  for (const block of message.blocks) {
    if (block.type === "section") expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
    if (block.type === "context") expect(block.elements.length).toBeLessThanOrEqual(10);
    if (block.type === "actions") {
      expect(block.elements.length).toBeLessThanOrEqual(25);
      const ids = block.elements.map((e) => ("action_id" in e ? e.action_id : undefined));
      expect(new Set(ids).size).toBe(ids.length);
    }
    for (const { text, max } of texts(block)) {
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(max);
      total += text.length;
    }
  }
  expect(total).toBeLessThanOrEqual(12000);
}

/** All text a message shows, joined, for "contains" assertions. */
export function allText(message: { text: string; blocks: readonly KnownBlock[] }): string {
  return [message.text, ...message.blocks.flatMap((b) => texts(b).map((t) => t.text))].join("\n");
}
