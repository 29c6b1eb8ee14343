import { describe, expect, it } from "vitest";

interface MrkdwnApi {
  parseMrkdwn(text: string): unknown[];
  formatSlackDate(epoch: number, format: string, fallback: string, nowMs?: number): string;
}

/**
 * The browser module, imported as the page imports it. It touches no DOM, so Node runs it as is; the specifier
 * is computed because the module is checked by the browser tsconfig, not this one.
 */
const MRKDWN_MODULE = new URL("../../../../src/playground/web/browser/mrkdwn.js", import.meta.url).href;
const api = (await import(MRKDWN_MODULE)) as MrkdwnApi;
const parse = (text: string): unknown => JSON.parse(JSON.stringify(api.parseMrkdwn(text)));

describe("parseMrkdwn (browser script)", () => {
  it("parses bold, italic, strike and inline code, nesting emphasis", () => {
    expect(parse("*bold _both_* ~gone~ `a*b*c`")).toEqual([
      {
        t: "b",
        c: [
          { t: "text", v: "bold " },
          { t: "i", c: [{ t: "text", v: "both" }] },
        ],
      },
      { t: "text", v: " " },
      { t: "s", c: [{ t: "text", v: "gone" }] },
      { t: "text", v: " " },
      { t: "code", v: "a*b*c" },
    ]);
  });

  it("leaves markers inside words and around spaces as text", () => {
    expect(parse("snake_case_name 5 * 3 * 2")).toEqual([{ t: "text", v: "snake_case_name 5 * 3 * 2" }]);
  });

  it("turns Slack's escaped entities back into the characters the reader should see", () => {
    expect(parse("a &lt;b&gt; &amp;lt;")).toEqual([{ t: "text", v: "a <b> &lt;" }]);
  });

  it("keeps links to http(s) and mailto only, showing the label of anything else as text", () => {
    expect(
      parse("<https://x.test/a?b=1&amp;c=2|the *console*> <javascript:alert(1)|click> <https://y.test>"),
    ).toEqual([
      { t: "link", url: "https://x.test/a?b=1&c=2", label: "the *console*" },
      { t: "text", v: " " },
      { t: "text", v: "click" },
      { t: "text", v: " " },
      { t: "link", url: "https://y.test", label: "https://y.test" },
    ]);
  });

  it("parses mentions, broadcasts, user groups and dates as their own nodes", () => {
    expect(
      parse("<!here> <@U123> <#C1|ops> <!subteam^S9|@oncall> <!date^1700000000^{date_num}|2023-11-14>"),
    ).toEqual([
      { t: "broadcast", v: "here" },
      { t: "text", v: " " },
      { t: "user", id: "U123", label: "" },
      { t: "text", v: " " },
      { t: "channel", id: "C1", label: "ops" },
      { t: "text", v: " " },
      { t: "usergroup", id: "S9", label: "@oncall" },
      { t: "text", v: " " },
      { t: "date", epoch: 1700000000, format: "{date_num}", link: "", fallback: "2023-11-14" },
    ]);
  });

  it("keeps newlines, code fences and quotes", () => {
    expect(parse("one\ntwo\n```\nline *1*\n```\n&gt; quoted *b*\nafter")).toEqual([
      { t: "text", v: "one" },
      { t: "br" },
      { t: "text", v: "two" },
      { t: "pre", v: "line *1*" },
      {
        t: "quote",
        c: [
          { t: "text", v: "quoted " },
          { t: "b", c: [{ t: "text", v: "b" }] },
        ],
      },
      { t: "text", v: "after" },
    ]);
  });

  it("does not let a bold run cross a link's label", () => {
    expect(parse("*a <https://x.test|b*c> d*")).toEqual([
      {
        t: "b",
        c: [
          { t: "text", v: "a " },
          { t: "link", url: "https://x.test", label: "b*c" },
          { t: "text", v: " d" },
        ],
      },
    ]);
  });
});

describe("formatSlackDate (browser script)", () => {
  const epoch = Date.UTC(2026, 2, 1, 10, 0, 0) / 1000;
  const local = new Date(epoch * 1000);
  const pad = (n: number): string => String(n).padStart(2, "0");

  it("fills date tokens in the reader's time zone and keeps other text", () => {
    const expected = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
    expect(api.formatSlackDate(epoch, "on {date_num} ({unknown})", "fallback", epoch * 1000)).toBe(
      `on ${expected} ({unknown})`,
    );
  });

  it("says today and how long ago relative to now", () => {
    expect(api.formatSlackDate(epoch, "{date_short_pretty}, {ago}", "x", (epoch + 180) * 1000)).toBe(
      "today, 3 minutes ago",
    );
  });

  it("shows the fallback when the epoch is not a number", () => {
    expect(api.formatSlackDate(Number.NaN, "{date_num}", "2023-11-14T22:13:20Z")).toBe(
      "2023-11-14T22:13:20Z",
    );
  });
});
