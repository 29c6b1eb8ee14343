import { describe, expect, it } from "vitest";
import type { ChangesReport } from "../../../../src/changes/change.js";
import type { FirstLook } from "../../../../src/error-summary/first-look.js";
import type { EpisodeReply } from "../../../../src/incidents/episode-reply.js";
import { buildEpisodeReply } from "../../../../src/slack/blocks/episode-replies.js";
import { buildFirstLookMessage } from "../../../../src/slack/blocks/first-look-message.js";
import { allText, expectWithinBlockKitLimits } from "./assert-block-limits.js";

const ALARM_MS = Date.parse("2026-11-20T11:50:00.000Z");
const MIN = 60_000;

const report: ChangesReport = {
  changes: [
    {
      at: new Date(ALARM_MS - 12 * MIN).toISOString(),
      who: "deploy-bot",
      what: "Update service",
      eventName: "UpdateService",
      resource: "axonflow-api",
      source: "cloudtrail",
      relevance: "alarm",
    },
  ],
  notes: [],
  startMs: ALARM_MS - 120 * MIN,
  endMs: ALARM_MS,
};

const look: FirstLook = { kind: "failed", serviceName: "axonflow-api", reason: "the query timed out" };
const lookMessage = buildFirstLookMessage(look);

const blocksOf = (reply: EpisodeReply) => {
  const message = buildEpisodeReply(reply);
  return { text: message.text, blocks: message.blocks ?? [] };
};

describe("buildEpisodeReply", () => {
  it.each<[EpisodeReply, string]>([
    [{ kind: "back_to_ok", elapsedMs: 12 * MIN }, ":white_check_mark: Back to OK after 12 min."],
    [{ kind: "back_in_alarm", elapsedMs: 3 * MIN }, ":red_circle: Back in ALARM (3 min into the episode)."],
    [
      { kind: "insufficient_data", elapsedMs: 30 * MIN, from: "ALARM" },
      ":white_circle: INSUFFICIENT_DATA after 30 min in ALARM: the metric stopped reporting.",
    ],
    [
      { kind: "reopened", afterMs: 2 * MIN, reopenCount: 2 },
      ":repeat: Back in ALARM 2 min after OK: reopened (2×) instead of a new message.",
    ],
    [{ kind: "acknowledged", user: "U0ALICE" }, ":eyes: Acknowledged by <@U0ALICE>."],
    [{ kind: "acknowledged", user: "<!channel>" }, ":eyes: Acknowledged by someone."],
    [
      { kind: "resolved_by_hand", user: "U0ALICE", elapsedMs: 45 * MIN, alarmState: "ALARM" },
      ":white_check_mark: Resolved by <@U0ALICE> after 45 min (alarm was ALARM).",
    ],
    [
      { kind: "snoozed", user: "U0BOB", hours: 2 },
      ":zzz: Snoozed by <@U0BOB> for 2 h: repeats update the message quietly.",
    ],
    [
      { kind: "escalated", escalateTo: "subteam:S0ONCALL", ageMs: 16 * MIN },
      "<!subteam^S0ONCALL> :rotating_light: Unacknowledged for 16 min: escalating. " +
        "Press Acknowledge on the message above once someone is on it.",
    ],
  ])("says %j as one line of text", (reply, text) => {
    expect(buildEpisodeReply(reply)).toEqual({ text });
  });

  it("renders the flapping summary from its facts, within Block Kit limits", () => {
    const message = blocksOf({
      kind: "flapping",
      alarmName: "axonflow-high-latency",
      flips: [
        { state: "OK", time: "2026-11-20T10:01:00.000Z" },
        { state: "ALARM", time: "2026-11-20T10:02:00.000Z" },
      ],
      withinMinutes: 30,
      suggestions: [
        { setting: "period", from: "1 min", to: "5 min", why: "a longer period averages out spikes" },
      ],
    });
    expect(message.text).toBe("🔁 Flapping: axonflow-high-latency changed state 2× in 30 min");
    expect(allText(message)).toContain("Tuning suggestions");
    expectWithinBlockKitLimits(message);
  });

  it("renders a runbook checklist as it was posted", () => {
    const message = blocksOf({
      kind: "checklist",
      checklist: {
        id: "0123456789abcdef",
        runbook: "web",
        title: "Web latency",
        items: [{ id: "a", text: "Look" }],
      },
      runbookUrl: "https://git.example.com/runbooks/web.md",
    });
    expect(message.text).toBe("Runbook checklist: Web latency (0/1 done)");
    expect(JSON.stringify(message.blocks)).toContain("https://git.example.com/runbooks/web.md");
  });

  it("tells changes relative to the alarm time", () => {
    const message = blocksOf({ kind: "changes", changes: { report, referenceMs: ALARM_MS } });
    expect(message.text).toBe("1 change(s) found");
    expect(allText(message)).toContain("12 min before: *Update service* on `axonflow-api` by deploy-bot");
  });

  it("adds the changes found in time, or a note that they follow, to the first look", () => {
    const alone = buildEpisodeReply({ kind: "first_look", look });
    const pending = blocksOf({ kind: "first_look", look, changes: "pending" });
    const found = blocksOf({ kind: "first_look", look, changes: { report, referenceMs: ALARM_MS } });

    expect(alone).toEqual(lookMessage);
    expect(pending.text).toBe(lookMessage.text);
    expect(allText(pending)).toContain("Still looking in CloudTrail; the changes follow in this thread.");
    expect(found.blocks[0]).toEqual(lookMessage.blocks[0]);
    expect(allText(found)).toContain("*Changes before the alarm*");
    expect(allText(found)).toContain("by deploy-bot");
  });
});
