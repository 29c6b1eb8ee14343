import type { ContextBlock, HeaderBlock, KnownBlock, MrkdwnElement, SectionBlock } from "@slack/types";
import {
  clampField,
  clampHeader,
  clampSection,
  MAX_CONTEXT_ELEMENTS,
  MAX_SECTION_FIELDS,
} from "../limits.js";

/** A message as the builders hand it to the outbox: notification fallback `text` plus Block Kit `blocks`. */
export interface MessageContent {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/**
 * A mrkdwn text object. `verbatim: true` stops Slack auto-linking names and bare `@here` in text we did not
 * write; our own `<…>` links, mentions and dates still work.
 */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: "mrkdwn", text, verbatim: true };
}

/** A header block; the text is clamped to 150 characters. */
export function headerBlock(text: string): HeaderBlock {
  return { type: "header", text: { type: "plain_text", text: clampHeader(text) || " ", emoji: true } };
}

/** A section with already-safe mrkdwn, clamped to 3,000 characters. */
export function sectionBlock(text: string): SectionBlock {
  return { type: "section", text: mrkdwn(clampSection(text) || " ") };
}

/** Sections of fields, ten per block, each field clamped to 2,000 characters. */
export function fieldSections(fields: readonly string[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += MAX_SECTION_FIELDS) {
    const chunk = fields.slice(i, i + MAX_SECTION_FIELDS);
    sections.push({ type: "section", fields: chunk.map((f) => mrkdwn(clampField(f) || " ")) });
  }
  return sections;
}

/** A context block of already-safe mrkdwn snippets; beyond ten elements the rest are joined into the last. */
export function contextBlock(texts: readonly string[]): ContextBlock {
  const head = texts.slice(0, MAX_CONTEXT_ELEMENTS - 1);
  const rest = texts.slice(MAX_CONTEXT_ELEMENTS - 1);
  const all = rest.length > 0 ? [...head, rest.join(" · ")] : head;
  return { type: "context", elements: all.map((t) => mrkdwn(clampField(t) || " ")) };
}
