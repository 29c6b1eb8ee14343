import { eastAsianWidth } from "get-east-asian-width";

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
// A cluster made only of marks, controls, format characters and default-ignorables takes no column.
const ZERO_WIDTH = /^[\p{Default_Ignorable_Code_Point}\p{Control}\p{Mark}\p{Format}]+$/u;
// RGI emoji (ZWJ families, flags, keycaps, skin tones) render as one wide glyph whatever their code points say.
// The `v` flag is built at run time because the compile target predates it; Node >= 20 supports it.
const EMOJI = /^\p{RGI_Emoji}$/v;

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
  for (const { segment } of graphemes.segment(text)) width += charWidth(segment);
  return width;
}

/** Cuts text to at most `width` columns, ending with `…` when anything was dropped; never splits a cluster. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return "";
  let out = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = charWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
