// East Asian Wide/Fullwidth blocks (Hangul Jamo, CJK, Hangul syllables, compatibility ideographs, fullwidth forms,
// supplementary ideographs). Not the full UAX #11 table, but it covers what shows up in log lines.
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]|\p{Extended_Pictographic}/u;
const ZERO = /\p{Mn}|\p{Me}|\p{Cf}/u;

/** Columns one code point takes in a monospace font: 0 for combining marks, 2 for CJK and emoji, else 1. */
export function charWidth(char: string): number {
  if (ZERO.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

/** Columns a string takes in a monospace font, so table columns line up with CJK text and emoji in them. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Cuts text to at most `width` columns, ending with `…` when anything was dropped. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return "";
  let out = "";
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return out + "…";
}
