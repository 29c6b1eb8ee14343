import { eastAsianWidth } from "get-east-asian-width";

// Created with the first table drawn: an Intl segmenter loads ICU data (MiBs resident) an idle klaxon never uses.
let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return segmenter.segment(text);
}
// A cluster made only of marks, controls, format characters and default-ignorables takes no column.
const ZERO_WIDTH = /^[\p{Default_Ignorable_Code_Point}\p{Control}\p{Mark}\p{Format}]+$/u;
// Emoji clusters (ZWJ families, flags, keycaps, skin tones, text symbols asking for emoji presentation) render as
// one wide glyph whatever the widths of their code points.
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\uFE0F\u20E3/u;

/** Columns one grapheme cluster takes in a monospace font: 0 for marks and controls, 2 for emoji and wide text. */
export function charWidth(cluster: string): number {
  if (cluster === "" || ZERO_WIDTH.test(cluster)) return 0;
  if (EMOJI.test(cluster)) return 2;
  const codePoint = cluster.codePointAt(0) ?? 0;
  return eastAsianWidth(codePoint, { ambiguousAsWide: false });
}

/** Columns a string takes in a monospace font, so table columns line up with CJK text and emoji in them. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes(text)) width += charWidth(segment);
  return width;
}

/** Cuts text to at most `width` columns, ending with `…` when anything was dropped; never splits a cluster. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return "";
  let out = "";
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const w = charWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
