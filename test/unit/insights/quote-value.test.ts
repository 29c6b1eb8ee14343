import { describe, expect, it } from "vitest";
import { findForbiddenCharacter, quoteValue } from "../../../src/insights/quote-value.js";

const text = (t: string) => ({ type: "text" as const, text: t });

describe("quoteValue", () => {
  it("turns text in a literal slot into a single-quoted string", () => {
    expect(quoteValue("reqId", text("19e555d0-b349"), "literal")).toEqual({
      ok: true,
      value: "'19e555d0-b349'",
    });
  });

  it("keeps slashes in literal slots (routes such as /v1/ml-model)", () => {
    expect(quoteValue("url", text("/v1/ml-model"), "literal")).toEqual({ ok: true, value: "'/v1/ml-model'" });
  });

  it("escapes regex metacharacters in a regex slot and adds no quotes", () => {
    expect(quoteValue("id", text("a.b(c)*+?[x]{2}^$"), "regex")).toEqual({
      ok: true,
      value: "a\\.b\\(c\\)\\*\\+\\?\\[x\\]\\{2\\}\\^\\$",
    });
  });

  it("leaves ints and durations bare", () => {
    expect(quoteValue("n", { type: "int", value: -42 }, "literal")).toEqual({ ok: true, value: "-42" });
    expect(quoteValue("b", { type: "duration", text: "5m" }, "literal")).toEqual({ ok: true, value: "5m" });
  });

  it("refuses a malformed duration", () => {
    expect(quoteValue("b", { type: "duration", text: "5m | x" }, "literal").ok).toBe(false);
  });

  it.each([
    ["x | stats count(*) by @logStream", "pipe"],
    ["x' | stats count(*) by @logStream", "quote"],
    ["a'b", "quote"],
    ['a"b', "quote"],
    ["a`b", "backtick"],
    ["a#b", "comment"],
    ["a\\b", "backslash"],
    ["a\nb", "line break"],
    ["a\rb", "line break"],
    ["a\u0000b", "control"],
    ["a\u202Eb", "control"],
  ])("refuses %j and names the character (%s)", (value, label) => {
    const result = quoteValue("q", text(value), "literal");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain("Parameter q");
    expect(!result.ok && result.error.message).toContain(label);
    expect(!result.ok && result.error.message).toContain("allowed:");
  });

  it("refuses a slash only in regex context", () => {
    const result = quoteValue("q", text("a/b"), "regex");
    expect(!result.ok && result.error.message).toContain("slash");
    expect(quoteValue("q", text("a/b"), "literal").ok).toBe(true);
  });

  it("refuses an empty value", () => {
    expect(quoteValue("q", text(""), "literal").ok).toBe(false);
  });

  it("findForbiddenCharacter returns undefined for safe text", () => {
    expect(findForbiddenCharacter("req-abc123 ok:1.2", "regex")).toBeUndefined();
  });
});
