import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withFreshStateTime } from "../../../../src/playground/web/fresh-alarm.js";

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`../../../fixtures/alarms/${name}`, import.meta.url), "utf8"),
  ) as Record<string, unknown>;
}

const NOW = new Date("2026-03-01T10:20:30.456Z");

describe("withFreshStateTime", () => {
  it("stamps a CloudWatch SNS message with StateChangeTime in CloudWatch's own format", () => {
    // Prepare
    const envelope = fixture(
      "cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json",
    );
    const message = JSON.parse(String(envelope.Message)) as Record<string, unknown>;
    // Act
    const fresh = withFreshStateTime(message, NOW) as Record<string, unknown>;
    // Assess
    expect(fresh.StateChangeTime).toBe("2026-03-01T10:20:30.456+0000");
    expect(fresh.AlarmName).toBe("EC2-CPU");
    expect(message.StateChangeTime).toBe("2021-06-23T08:41:06.622+0000");
  });

  it("stamps an EventBridge alarm event's time and detail.state.timestamp", () => {
    // Prepare
    const event = fixture("eventbridge-cw-alarm-state-change-single-metric-awsdocs.json");
    // Act
    const fresh = withFreshStateTime(event, NOW) as {
      time: string;
      detail: { state: { timestamp: string } };
    };
    // Assess
    expect(fresh.time).toBe("2026-03-01T10:20:30Z");
    expect(fresh.detail.state.timestamp).toBe("2026-03-01T10:20:30.456+0000");
    expect(event.time).toBe("2019-10-02T17:04:40Z");
    expect(fresh).not.toHaveProperty("StateChangeTime");
  });
});
