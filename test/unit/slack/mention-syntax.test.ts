import { describe, expect, it } from "vitest";
import { mentionSyntax, parseMention } from "../../../src/slack/mention-syntax.js";

describe("mentionSyntax", () => {
  it.each([
    ["@here", "<!here>"],
    ["@channel", "<!channel>"],
    ["@everyone", "<!everyone>"],
    ["subteam:S0123ABCD", "<!subteam^S0123ABCD>"],
    ["<!subteam^S0123ABCD>", "<!subteam^S0123ABCD>"],
    ["U0123ABCD", "<@U0123ABCD>"],
    ["<@W0123ABCD>", "<@W0123ABCD>"],
    ["@here, U0123ABCD subteam:S1AB", "<!here> <@U0123ABCD> <!subteam^S1AB>"],
  ])("turns config value %j into %j", (value, expected) => {
    expect(mentionSyntax(value)).toBe(expected);
  });

  it("returns undefined for a value it does not understand rather than a garbled ping", () => {
    expect(mentionSyntax("@oncall-team")).toBeUndefined();
  });
});

describe("parseMention", () => {
  it("explains the accepted forms when a value is not understood", () => {
    const result = parseMention("@oncall-team");

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("slack_bad_mention");
    expect(result.error.message).toContain("subteam:S0123ABCD");
  });

  it("rejects an empty value", () => {
    expect(parseMention("  ").ok).toBe(false);
  });
});
