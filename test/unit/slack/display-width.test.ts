import { describe, expect, it } from "vitest";
import { displayWidth, truncateToWidth } from "../../../src/slack/display-width.js";

describe("displayWidth", () => {
  it("counts an emoji ZWJ sequence as one wide character", () => {
    // Prepare: man, woman, girl joined by zero-width joiners — one glyph on screen.
    const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}";
    // Act + Assess
    expect(displayWidth(family)).toBe(2);
  });

  it("counts flags, keycaps and skin-tone modifiers as one wide character", () => {
    expect(displayWidth("\u{1F1EB}\u{1F1F7}")).toBe(2);
    expect(displayWidth("1\uFE0F\u20E3")).toBe(2);
    expect(displayWidth("\u{1F44D}\u{1F3FD}")).toBe(2);
  });

  it("counts CJK and fullwidth forms as two columns and ASCII as one", () => {
    expect(displayWidth("字a")).toBe(3);
    expect(displayWidth("\uFF21")).toBe(2);
    expect(displayWidth("エラー")).toBe(6);
  });

  it("counts a letter with combining marks as one column and controls as none", () => {
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("a\u200Bb")).toBe(2);
  });
});

describe("truncateToWidth", () => {
  it("never cuts inside a grapheme cluster", () => {
    // Prepare
    const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}";
    // Act
    const out = truncateToWidth(`${family}${family}${family}`, 5);
    // Assess: two whole families (4 columns) and the ellipsis.
    expect(out).toBe(`${family}${family}…`);
    expect(displayWidth(out)).toBe(5);
  });

  it("keeps text that already fits", () => {
    expect(truncateToWidth("字字", 4)).toBe("字字");
  });
});
