import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeEntities } from "../../../src/slack/escape-mrkdwn.js";
import {
  codeBlock,
  inlineCode,
  safeInline,
  safePlainText,
  safeText,
  stripInvisible,
} from "../../../src/slack/safe-text.js";

const CONTROL_SEQUENCE = /<[!@#]|<https?:|<mailto:/i;
const BROKEN_ENTITY = /&(?!amp;|lt;|gt;)/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BROADCAST = /@(here|channel|everyone)/i;

// Strings biased towards the characters that matter: mrkdwn controls, entities, emoji, secrets' prefixes.
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom("<", ">", "&", "!", "@", "#", "|", "^", "`", "amp;", "lt;", "here", "channel", "\n"),
      fc.constantFrom("<!channel>", "<@U1>", "<https://a|b>", "😀", "\u202E", "\u200B", "AKIA", "\uD83D"),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

describe("safeText", () => {
  it("never produces a Slack control sequence, broadcast, broken entity or half emoji, within maxLen", () => {
    fc.assert(
      fc.property(
        fc.oneof(hostile, fc.string({ unit: "binary" })),
        fc.integer({ min: 0, max: 120 }),
        (s, max) => {
          const out = safeText(s, max);

          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).not.toMatch(CONTROL_SEQUENCE);
          expect(out).not.toMatch(/[<>]/);
          expect(out).not.toMatch(BROADCAST);
          expect(out).not.toMatch(BROKEN_ENTITY);
          expect(out).not.toMatch(LONE_SURROGATE);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("redacts before escaping, so escaping cannot hide a secret from the rules", () => {
    expect(safeText("key <AKIAIOSFODNN7EXAMPLE>", 200)).toBe("key &lt;[redacted:aws-access-key]&gt;");
  });

  it("strips zero-width characters first, so they cannot split a secret past redaction", () => {
    expect(safeText("AKIA\u200BIOSFODNN7EXAMPLE", 200)).toBe("[redacted:aws-access-key]");
  });

  it("cuts long text with a note of how much was dropped, before an entity rather than inside it", () => {
    // 37 + 40 × "&amp;" = 237 chars; the note takes 19, so the 60-char cut would land inside the first "&amp;".
    const input = `${"x".repeat(37)}${"&".repeat(40)}`;

    const out = safeText(input, 60);

    expect(out).toBe(`${"x".repeat(37)} … [200 more chars]`);
  });

  it("returns short text unchanged apart from escaping", () => {
    expect(safeText("CPU > 90% & rising", 100)).toBe("CPU &gt; 90% &amp; rising");
  });

  it("handles a 1 MB input quickly and within the limit", () => {
    const big = "<!channel> AKIAIOSFODNN7EXAMPLE ".repeat(40_000);
    const started = performance.now();

    const out = safeText(big, 3000);

    expect(out.length).toBeLessThanOrEqual(3000);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("stripInvisible", () => {
  it("removes bidi overrides, zero-width and control characters but keeps tabs and newlines", () => {
    expect(stripInvisible("a\u202Eb\u2066c\u200Bd\u0000e\tf\r\ng\u00ADh")).toBe("abcde\tf\ngh");
  });

  it("removes format, filler and tag characters and stray variation selectors that can hide a secret", () => {
    // Prepare: U+180E, U+034F, a tag-character run, a Hangul filler and a variation selector inside a key id.
    const hidden = "AK\u180EIA\u034FIOSF\u{E0041}\u{E0042}ODNN\u3164\uFE0F7EXAMPLE";

    // Act / Assess
    expect(stripInvisible(hidden)).toBe("AKIAIOSFODNN7EXAMPLE");
    expect(safeText(`key ${hidden}`, 200)).toBe("key [redacted:aws-access-key]");
  });

  it("keeps joiners and variation selectors that are part of an emoji", () => {
    const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}";
    const heart = "\u2764\uFE0F";

    expect(stripInvisible(`${family} ${heart}`)).toBe(`${family} ${heart}`);
  });

  it("replaces a lone surrogate with U+FFFD", () => {
    expect(stripInvisible("a\uD83Db")).toBe("a\uFFFDb");
  });
});

describe("safeInline", () => {
  it("flattens newlines so untrusted text cannot forge extra field lines", () => {
    expect(safeInline("api\n*Severity*\ninfo", 100)).toBe("api *Severity* info");
  });
});

describe("safePlainText", () => {
  it("redacts and flattens but does not entity-escape, because plain_text is not parsed", () => {
    expect(safePlainText("a < b & c\nd AKIAIOSFODNN7EXAMPLE", 150)).toBe(
      "a < b & c d [redacted:aws-access-key]",
    );
  });

  it("cuts to maxLen with an ellipsis", () => {
    expect(safePlainText("x".repeat(200), 150)).toBe(`${"x".repeat(149)}…`);
  });
});

describe("inlineCode", () => {
  it("wraps in backticks, turns inner backticks into look-alikes and escapes", () => {
    expect(inlineCode("a`b<c>", 50)).toBe("`aˋb&lt;c&gt;`");
  });
});

describe("codeBlock", () => {
  it("wraps text in fences and breaks inner ``` so log text cannot close the block", () => {
    const out = codeBlock("line\n```\n<!channel> *not code*", 200);

    expect(out.startsWith("```\n")).toBe(true);
    expect(out.endsWith("\n```")).toBe(true);
    expect(out.slice(3, -3)).not.toContain("```");
    expect(out).toContain("&lt;!channel&gt;");
  });

  it("stays within maxLen and keeps both fences for any input", () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 20, max: 200 }), (s, max) => {
        const out = codeBlock(s, max);

        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.split("```")).toHaveLength(3);
        expect(out).not.toMatch(/[<>]/);
      }),
    );
  });

  it("shows (empty) rather than an empty fence pair Slack would print literally", () => {
    expect(codeBlock("", 100)).toBe("```\n(empty)\n```");
  });

  it("escapes entities inside the block too", () => {
    expect(codeBlock("a && b", 100)).toBe(`\`\`\`\n${escapeEntities("a && b")}\n\`\`\``);
  });
});
