import type { ActionsBlock, Button, HeaderBlock, KnownBlock, SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../../src/alarms/alarm.js";
import { ACTION_IDS } from "../../../../src/slack/action-ids.js";
import { type AlarmMessageView, buildAlarmMessage } from "../../../../src/slack/blocks/alarm-message.js";
import {
  anomalyAlarm,
  compositeAlarm,
  mathAlarm,
  okAlarm,
  thresholdAlarm,
  unknownAlarm,
} from "./alarm-samples.js";
import { allText, expectWithinBlockKitLimits } from "./assert-block-limits.js";

const CONSOLE =
  "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/ServerCpuTooHigh";

function view(alarm: Alarm, overrides: Partial<AlarmMessageView> = {}): AlarmMessageView {
  return {
    alarm,
    episodeId: "ep-1",
    episode: { status: "open", openedAt: "2022-07-14T16:20:22Z", alarmCount: 1 },
    route: { severity: "high", mention: "<!here>" },
    triggerText: "Average CPUUtilization > 50 for 1 of 1 × 5 min",
    links: [
      { label: "Open in CloudWatch", url: CONSOLE, actionId: ACTION_IDS.openConsole },
      { label: "Runbook", url: "https://klaxon.example/runbooks/cpu", actionId: ACTION_IDS.openRunbook },
    ],
    ...overrides,
  };
}

const header = (blocks: KnownBlock[]) => (blocks[0] as HeaderBlock).text.text;
const sections = (blocks: KnownBlock[]) => blocks.filter((b): b is SectionBlock => b.type === "section");
const fieldTexts = (blocks: KnownBlock[]) =>
  sections(blocks).flatMap((s) => (s.fields ?? []).map((f) => f.text));
const buttons = (blocks: KnownBlock[]) =>
  blocks.filter((b): b is ActionsBlock => b.type === "actions").flatMap((b) => b.elements as Button[]);

describe("buildAlarmMessage for a firing threshold alarm", () => {
  const message = buildAlarmMessage(view(thresholdAlarm));

  it("puts the state emoji and alarm name in the header and the fallback text", () => {
    expect(header(message.blocks)).toBe("🔴 ALARM: ServerCpuTooHigh");
    expect(message.text).toMatch(/^<!here> 🔴 ALARM: ServerCpuTooHigh \(us-east-1\) — Threshold Crossed/);
  });

  it("starts the body with the route mention and the escaped description and reason", () => {
    const [intro, reason] = sections(message.blocks).map((s) => s.text?.text);

    expect(intro).toBe("<!here>\nGoes into alarm when server CPU utilization is too high!");
    expect(reason).toContain("*Reason*\nThreshold Crossed");
    expect(reason).toContain("OK -&gt; ALARM transition");
  });

  it("lists state, severity, trigger, metric, dimensions, account, region and time as fields", () => {
    expect(fieldTexts(message.blocks)).toEqual([
      "*State*\n🔴 ALARM (was OK)",
      "*Severity*\n🟧 high",
      "*Trigger*\nAverage CPUUtilization &gt; 50 for 1 of 1 × 5 min",
      "*Metric*\n`AWS/EC2 CPUUtilization`",
      "*Dimensions*\nInstanceId=i-12345678901234567",
      "*Account*\n123456789012",
      "*Region*\nus-east-1",
      "*Changed*\n<!date^1657815622^{date_short_pretty} {time}|2022-07-14T16:20:22Z>",
    ]);
  });

  it("offers the links and Acknowledge / Snooze 1h / 4h / Resolve carrying the episode id", () => {
    const all = buttons(message.blocks);

    expect(all.map((b) => b.action_id)).toEqual([
      "open_console",
      "open_runbook",
      "ack",
      "snooze_1h",
      "snooze_4h",
      "resolve",
    ]);
    expect(all[0]?.url).toBe(CONSOLE);
    expect(all.filter((b) => b.url === undefined).every((b) => b.value === "ep-1")).toBe(true);
  });

  it("offers First look only when the route names a service to summarise", () => {
    const withLook = buildAlarmMessage({ ...view(thresholdAlarm), firstLook: true });
    expect(buttons(withLook.blocks).map((b) => b.action_id)).toContain("run_first_look");
    expect(buttons(message.blocks).map((b) => b.action_id)).not.toContain("run_first_look");
  });

  it("names the source and ARN in the context", () => {
    expect(allText(message)).toContain("via EventBridge");
    expect(allText(message)).toContain("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh");
  });

  it("keeps within Block Kit limits", () => {
    expectWithinBlockKitLimits(message);
  });
});

describe("buildAlarmMessage for repeats and acknowledgement", () => {
  it("shows a repeat counter when the alarm fired more than once", () => {
    const message = buildAlarmMessage(
      view(thresholdAlarm, { episode: { status: "open", openedAt: "2022-07-14T10:02:00Z", alarmCount: 3 } }),
    );

    expect(fieldTexts(message.blocks)).toContain(
      "*Repeats*\nfired 3× since <!date^1657792920^{time}|2022-07-14T10:02:00Z>",
    );
  });

  it("drops the Acknowledge button and names who acknowledged", () => {
    const message = buildAlarmMessage(
      view(thresholdAlarm, {
        episode: {
          status: "open",
          openedAt: "2022-07-14T10:02:00Z",
          alarmCount: 1,
          acknowledgedBy: "U024BE7LH",
        },
      }),
    );

    expect(buttons(message.blocks).map((b) => b.action_id)).not.toContain(ACTION_IDS.ack);
    expect(allText(message)).toContain("acknowledged by <@U024BE7LH>");
  });

  it("summarises flapping in the context", () => {
    const message = buildAlarmMessage(
      view(thresholdAlarm, {
        episode: { status: "open", openedAt: "2022-07-14T10:02:00Z", alarmCount: 6, flapping: true },
      }),
    );

    expect(allText(message)).toContain("🔁 *flapping*");
  });
});

describe("buildAlarmMessage for a resolved episode", () => {
  const message = buildAlarmMessage(
    view(okAlarm, {
      episode: {
        status: "resolved",
        openedAt: "2022-07-14T16:20:22Z",
        closedAt: "2022-07-14T16:32:22Z",
        alarmCount: 2,
      },
    }),
  );

  it("shows the resolved header and duration", () => {
    expect(header(message.blocks)).toBe("✅ RESOLVED: ServerCpuTooHigh");
    expect(fieldTexts(message.blocks)).toContain("*Resolved*\nafter 12 min");
    expect(fieldTexts(message.blocks)).toContain("*State*\n✅ OK (was ALARM)");
  });

  it("drops the mention, so the update does not ping again, and swaps the episode buttons for Timeline", () => {
    expect(allText(message)).not.toContain("<!here>");
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([
      "open_console",
      "open_runbook",
      "timeline",
    ]);
  });
});

describe("buildAlarmMessage trigger details", () => {
  it("shows a composite alarm's rule, children with their states and suppression", () => {
    const text = allText(buildAlarmMessage(view(compositeAlarm, { triggerText: undefined })));

    expect(text).toContain("*Rule*\n```\nALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)\n```");
    expect(text).toContain("• `ServerCpuTooHigh` 🔴 ALARM");
    expect(text).toContain("• `TotalNetworkTrafficTooHigh` ✅ OK");
    expect(text).toContain("_Actions suppressed by WaitPeriod: Actions suppressed by WaitPeriod_");
  });

  it("shows a math alarm's expressions and which one is alarmed on", () => {
    const text = allText(buildAlarmMessage(view(mathAlarm)));

    expect(text).toContain("• `e2` Expression2 = `m1*100*m2 - MIN(m1)` ← alarmed on");
    expect(text).toContain("• `m1` AWS/EC2 CPUUtilization (InstanceId=i-0a5c8ea70646e7b05)");
  });

  it("shows an anomaly alarm's band", () => {
    const text = allText(buildAlarmMessage(view(anomalyAlarm)));

    expect(text).toContain("*Anomaly band* `ANOMALY_DETECTION_BAND(m1, 0.8)` (id `ad1`)");
  });

  it("shows an unknown shape's raw fields as an escaped, redacted code block", () => {
    const message = buildAlarmMessage(view(unknownAlarm, { triggerText: undefined, links: [] }));
    const text = allText(message);

    expect(text).toContain("*Fields klaxon did not recognise*\n```\n{");
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toContain("[redacted:aws-access-key]");
    expect(text).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expectWithinBlockKitLimits(message);
  });
});

describe("buildAlarmMessage with hostile input", () => {
  const evil = "<!channel> @here <@U1> <https://evil.example|click> ```";

  it("never lets alarm text produce mentions or links", () => {
    const alarm: Alarm = { ...thresholdAlarm, name: `api ${evil}`, description: evil, reason: evil };

    const message = buildAlarmMessage(view(alarm, { route: {} }));
    const text = allText(message);

    // Our own <!date^…> is the only control sequence allowed; the plain_text header is not parsed by Slack.
    expect(text.replace(header(message.blocks), "")).not.toMatch(/<(?!!date\^)[!@#]|<https?:/);
    expect(text).not.toMatch(/@here/);
    expect((message.blocks[0] as HeaderBlock).text.type).toBe("plain_text");
  });

  it("stays within every limit for absurdly long input", () => {
    const huge = "x".repeat(200_000);
    const alarm: Alarm = {
      ...compositeAlarm,
      name: huge,
      description: huge,
      reason: huge,
      accountId: huge,
      region: huge,
      arn: huge,
      trigger: {
        kind: "composite",
        rule: huge,
        children: Array.from({ length: 500 }, (_, i) => ({ name: `${huge}${i}`, state: "ALARM" as const })),
        actionsSuppressedBy: huge,
        actionsSuppressedReason: huge,
      },
    };
    const links = Array.from({ length: 40 }, (_, i) => ({ label: huge, url: `https://x.example/${i}` }));

    const message = buildAlarmMessage(
      view(alarm, {
        triggerText: huge,
        links,
        episode: {
          status: "open",
          openedAt: "2022-07-14T10:02:00Z",
          alarmCount: 99,
          acknowledgedBy: huge,
          flapping: true,
        },
      }),
    );

    expectWithinBlockKitLimits(message);
  });

  it("stays within limits for a math alarm with many long metrics", () => {
    const huge = "m".repeat(50_000);
    const alarm: Alarm = {
      ...mathAlarm,
      trigger: {
        kind: "math",
        metrics: Array.from({ length: 300 }, (_, i) => ({
          id: `${huge}${i}`,
          expression: huge,
          label: huge,
          returnData: i === 0,
        })),
      },
    };

    expectWithinBlockKitLimits(buildAlarmMessage(view(alarm)));
  });

  it("drops links that are not http(s) instead of posting them", () => {
    const message = buildAlarmMessage(
      view(thresholdAlarm, {
        links: [
          { label: "bad", url: "javascript:alert(1)" },
          { label: "ok", url: CONSOLE },
        ],
      }),
    );

    expect(
      buttons(message.blocks)
        .filter((b) => b.url !== undefined)
        .map((b) => b.url),
    ).toEqual([CONSOLE]);
  });
});
