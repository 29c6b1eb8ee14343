import { describe, expect, it } from "vitest";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import { buildTimeline } from "../../../src/incidents/build-timeline.js";
import type { Episode } from "../../../src/incidents/episode.js";
import { withActivity } from "../../../src/incidents/episode.js";
import { acknowledgeEpisode, resolveEpisode, snoozeEpisode } from "../../../src/incidents/episode-actions.js";
import type { ChecklistState } from "../../../src/runbooks/checklist-state.js";
import { renderPostmortemDraft } from "../../../src/slack/blocks/postmortem-draft.js";
import { renderTimelineSummary } from "../../../src/slack/blocks/timeline-summary.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const OPENED = "2026-11-20T10:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(OPENED) + minutes * 60_000);

function incident(): Episode {
  const opened = applyNotification({}, makeAlarm({ time: OPENED }), {
    channel: "#inc-web",
    runbook: "latency",
  }).episode;
  if (!opened) throw new Error("expected an episode");
  const acked = acknowledgeEpisode(opened, "U0ALICE", at(4))?.episode ?? opened;
  const snoozed = snoozeEpisode(acked, "U0BOB", at(10), 1)?.episode ?? acked;
  const ran = withActivity(snoozed, {
    at: at(12).toISOString(),
    by: "U0BOB",
    what: 'Ran "Slow requests" (5 rows)',
    link: "https://us-east-2.console.aws.amazon.com/cloudwatch/home?region=us-east-2#logsV2:logs-insights",
  });
  return resolveEpisode(ran, "U0ALICE", at(43))?.episode ?? ran;
}

const checklist: ChecklistState = {
  id: "c1",
  runbook: "latency",
  title: "AxonFlow latency",
  episodeId: "e",
  items: [
    { id: "a", text: "Check the load balancer", checkedBy: "U0ALICE", checkedAt: at(6).toISOString() },
    { id: "b", text: "Roll back the deploy" },
  ],
};

describe("buildTimeline", () => {
  it("orders every stored event and computes impact, time to acknowledge and resolve, responders and checklist", () => {
    // Act
    const t = buildTimeline(incident(), checklist, {
      list: [{ ts: String(at(8).getTime() / 1000), user: "U0CAROL", text: "deploy 1187 went out at 09:48" }],
    });

    // Assess
    expect(t.events.map((e) => [e.at.slice(11, 16), e.by ?? "-", e.what])).toEqual([
      ["10:00", "-", "Alarm went to ALARM"],
      ["10:04", "U0ALICE", "Acknowledged"],
      ["10:06", "U0ALICE", 'Ticked "Check the load balancer"'],
      ["10:08", "U0CAROL", "deploy 1187 went out at 09:48"],
      ["10:10", "U0BOB", "Snoozed for 1 h"],
      ["10:12", "U0BOB", 'Ran "Slow requests" (5 rows)'],
      ["10:43", "U0ALICE", "Resolved by hand (alarm was ALARM)"],
    ]);
    expect(t).toMatchObject({
      impactStart: OPENED,
      impactEnd: at(43).toISOString(),
      timeToAcknowledgeMs: 4 * 60_000,
      timeToResolveMs: 43 * 60_000,
      responders: ["U0ALICE", "U0CAROL", "U0BOB"],
      checklist: { done: 1, total: 2, open: ["Roll back the deploy"] },
      messages: { included: true },
    });
  });
});

describe("renderPostmortemDraft", () => {
  it("has every section, the queries' console links, open follow-ups, and no secrets or Slack mentions", () => {
    // Prepare: a human message that leaks a key and tries to ping the channel.
    const t = buildTimeline(incident(), checklist, {
      list: [
        {
          ts: String(at(8).getTime() / 1000),
          user: "U0CAROL",
          text: "<!channel> key AKIAIOSFODNN7EXAMPLE in logs",
        },
      ],
    });

    // Act
    const draft = renderPostmortemDraft(t);

    // Assess
    for (const section of [
      "## Summary",
      "## Detection",
      "## Timeline",
      "## Response",
      "## Open follow-ups",
      "## Root cause",
      "## Actions",
    ]) {
      expect(draft).toContain(section);
    }
    expect(draft).toContain("- Time to acknowledge: 4 min");
    expect(draft).toContain("- Impact window: 2026-11-20 10:00:00 UTC to 2026-11-20 10:43:00 UTC (43 min)");
    expect(draft).toContain("- Trigger: ");
    expect(draft).toContain(
      '- 2026-11-20 10:12:00 UTC (+12 min) @U0BOB: Ran "Slow requests" (5 rows) ([console](https://us-east-2.console.aws.amazon.com/',
    );
    expect(draft).toContain("- [x] Check the load balancer (@U0ALICE, 2026-11-20 10:06:00 UTC)");
    expect(draft).toContain("- [ ] Roll back the deploy");
    expect(draft).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(draft).not.toContain("<!channel>");
    expect(draft).toContain("[redacted:aws-access-key]");
  });

  it("says human messages were not included when the bot cannot read the thread", () => {
    const t = buildTimeline(incident(), undefined, {
      unavailable: "the Slack app lacks the channels:history / groups:history scope",
    });

    expect(renderPostmortemDraft(t)).toContain(
      "_Human messages in the thread were not included: the Slack app lacks the channels:history / groups:history scope._",
    );
    expect(JSON.stringify(renderTimelineSummary(t).blocks)).toContain("human messages not included");
  });

  it("lists a composite alarm's children", () => {
    const composite = withActivity(
      {
        ...incident(),
        alarm: makeAlarm({
          trigger: {
            kind: "composite",
            rule: "ALARM(a) OR ALARM(b)",
            children: [
              { name: "api-5xx", state: "ALARM" },
              { name: "api-latency", state: "OK" },
            ],
          },
        }),
      },
      { at: at(1).toISOString(), what: "noted" },
    );

    const draft = renderPostmortemDraft(buildTimeline(composite, undefined, { list: [] }));

    expect(draft).toContain("- Child alarms:\n  - api-5xx: ALARM\n  - api-latency: OK");
  });
});
