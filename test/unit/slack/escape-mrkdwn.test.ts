import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BROADCAST_BREAKER,
  escapeEntities,
  escapeMrkdwn,
  unescapeEntities,
} from "../../../src/slack/escape-mrkdwn.js";

describe("escapeMrkdwn", () => {
  it.each([
    ["<!channel>", "&lt;!channel&gt;"],
    ["<!here|here>", "&lt;!here|here&gt;"],
    ["<!everyone>", "&lt;!everyone&gt;"],
    ["<@U123>", "&lt;@U123&gt;"],
    ["<#C123>", "&lt;#C123&gt;"],
    ["<!subteam^S123>", "&lt;!subteam^S123&gt;"],
    ["<https://evil.example|click>", "&lt;https://evil.example|click&gt;"],
    ['ALARM("x") -> OK & more', 'ALARM("x") -&gt; OK &amp; more'],
  ])("turns the control sequence %j into inert text", (input, expected) => {
    // Prepare / Act
    const out = escapeMrkdwn(input);

    // Assess
    expect(out).toBe(expected);
  });

  it("escapes an already-escaped entity again, so the reader sees it literally", () => {
    expect(escapeMrkdwn("&lt;!channel&gt;")).toBe("&amp;lt;!channel&amp;gt;");
  });

  it("breaks bare @here, @channel and @everyone with a zero-width joiner, in any case", () => {
    const out = escapeMrkdwn("ping @here and @Channel and @EVERYONE");

    expect(out).toBe(
      `ping @${BROADCAST_BREAKER}here and @${BROADCAST_BREAKER}Channel and @${BROADCAST_BREAKER}EVERYONE`,
    );
    expect(out).not.toMatch(/@(here|channel|everyone)/i);
  });

  it("leaves other characters alone (no HTML-style over-escaping)", () => {
    expect(escapeMrkdwn(`*bold* _it_ "q" 'a' / \\ é 🔥 @alice`)).toBe(`*bold* _it_ "q" 'a' / \\ é 🔥 @alice`);
  });
});

describe("escapeEntities", () => {
  it("round-trips through unescapeEntities for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(unescapeEntities(escapeEntities(s))).toBe(s);
      }),
    );
  });

  it("never leaves a < or > in its output", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(escapeEntities(s)).not.toMatch(/[<>]/);
      }),
    );
  });
});
