import { describe, expect, it } from "vitest";
import { formatDuration } from "../../../src/shared/format-duration.js";
import { slackDate } from "../../../src/slack/slack-date.js";

describe("slackDate", () => {
  it("renders Slack date syntax with the ISO time as fallback", () => {
    expect(slackDate("2022-07-22T15:57:45.394+0000")).toBe(
      "<!date^1658505465^{date_short_pretty} {time}|2022-07-22T15:57:45Z>",
    );
  });

  it("accepts a custom format", () => {
    expect(slackDate("2022-07-22T15:57:45Z", "{time}")).toBe(
      "<!date^1658505465^{time}|2022-07-22T15:57:45Z>",
    );
  });

  it("shows an unparseable time escaped instead of dropping it", () => {
    expect(slackDate("<!channel>")).toBe("&lt;!channel&gt;");
  });
});

describe("formatDuration", () => {
  it.each([
    [45_000, "45 s"],
    [12 * 60_000, "12 min"],
    [2 * 3_600_000 + 5 * 60_000, "2 h 5 min"],
    [3 * 3_600_000, "3 h"],
    [(3 * 24 + 4) * 3_600_000, "3 d 4 h"],
    [-5, "0 s"],
    [Number.NaN, "0 s"],
  ])("formats %d ms as %j", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});
