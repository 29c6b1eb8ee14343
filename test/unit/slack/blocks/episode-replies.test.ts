import type { SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../../src/alarms/alarm.js";
import {
  buildInsufficientDataReply,
  buildRepeatReply,
  buildResolvedReply,
} from "../../../../src/slack/blocks/episode-replies.js";
import { okAlarm, thresholdAlarm } from "./alarm-samples.js";
import { allText, expectWithinBlockKitLimits } from "./assert-block-limits.js";

const firstSection = (blocks: unknown[]) => (blocks[0] as SectionBlock).text?.text;

describe("buildResolvedReply", () => {
  it("says how long the episode lasted, when it opened and closed, and how often it fired", () => {
    const reply = buildResolvedReply({
      alarm: okAlarm,
      openedAt: "2022-07-14T16:20:22Z",
      closedAt: "2022-07-14T16:32:22Z",
      alarmCount: 3,
    });

    expect(firstSection(reply.blocks)).toBe(
      "✅ *Back to OK* after *12 min* (opened <!date^1657815622^{date_short_pretty} {time}|2022-07-14T16:20:22Z>, " +
        "closed <!date^1657816342^{date_short_pretty} {time}|2022-07-14T16:32:22Z>, fired 3×)",
    );
    expect(reply.text).toMatch(/^✅ \*Back to OK\* after \*12 min\*.* — ServerCpuTooHigh$/);
    expectWithinBlockKitLimits(reply);
  });

  it("uses the alarm time when no close time is given", () => {
    const reply = buildResolvedReply({ alarm: okAlarm, openedAt: "2022-07-14T14:20:22.520Z" });

    expect(firstSection(reply.blocks)).toContain("after *2 h 12 min*");
  });

  it("names who resolved it by hand", () => {
    const reply = buildResolvedReply({
      alarm: thresholdAlarm,
      openedAt: "2022-07-14T16:00:00Z",
      resolvedBy: "U024BE7LH",
    });

    expect(firstSection(reply.blocks)).toMatch(/^✅ \*Resolved\* by <@U024BE7LH>/);
  });

  it("adds the state reason as escaped context", () => {
    const reply = buildResolvedReply({
      alarm: { ...okAlarm, reason: "<!channel> back" },
      openedAt: okAlarm.time,
    });

    expect(allText(reply)).toContain("&lt;!channel&gt; back");
  });
});

describe("buildInsufficientDataReply", () => {
  it("says data is missing and what to check, not that the alarm is resolved", () => {
    const alarm: Alarm = { ...thresholdAlarm, state: "INSUFFICIENT_DATA", previousState: "ALARM" };

    const reply = buildInsufficientDataReply({ alarm });

    expect(firstSection(reply.blocks)).toMatch(/^⚪ \*Insufficient data\* \(was ALARM\) since <!date\^/);
    expect(firstSection(reply.blocks)).toContain("Check that the metric is still published");
    expectWithinBlockKitLimits(reply);
  });
});

describe("buildRepeatReply", () => {
  it("counts the repeats since the episode opened", () => {
    const reply = buildRepeatReply({
      alarm: thresholdAlarm,
      alarmCount: 3,
      openedAt: "2022-07-14T10:02:00Z",
    });

    expect(firstSection(reply.blocks)).toBe(
      "🔁 *Fired again* (3× since <!date^1657792920^{time}|2022-07-14T10:02:00Z>)",
    );
  });

  it("keeps a huge alarm name and reason within limits", () => {
    const alarm: Alarm = { ...thresholdAlarm, name: "n".repeat(100_000), reason: "r".repeat(100_000) };

    expectWithinBlockKitLimits(buildRepeatReply({ alarm, alarmCount: 2, openedAt: alarm.time }));
  });
});
