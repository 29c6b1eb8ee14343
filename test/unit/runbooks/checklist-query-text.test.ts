import { describe, expect, it } from "vitest";
import { bindAlarmParams } from "../../../src/runbooks/bind-alarm-params.js";
import { checklistQueryText } from "../../../src/runbooks/checklist-query-text.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const now = new Date("2026-11-20T11:00:00Z");

describe("bindAlarmParams", () => {
  it("fills alarm name, region, account and dimensions", () => {
    const bound = bindAlarmParams(
      { lb: "{{alarm.dimensions.LoadBalancer}}", n: "{{ alarm.name }}@{{alarm.region}}", k: 5 },
      makeAlarm(),
    );
    expect(bound).toEqual({
      ok: true,
      value: { lb: "app/axonflow-prod/50dc6c495c0c9188", n: "axonflow-high-latency@us-east-2", k: "5" },
    });
  });

  it("names the reference the alarm cannot fill", () => {
    expect(bindAlarmParams({ db: "{{alarm.dimensions.DBInstanceIdentifier}}" }, makeAlarm())).toEqual({
      ok: false,
      error: "parameter db: {{alarm.dimensions.DBInstanceIdentifier}} has no value for this alarm",
    });
  });
});

describe("checklistQueryText", () => {
  const item = {
    id: "q",
    text: "Slow",
    query: { template: "slow", params: { threshold_ms: 5000, lb: "{{alarm.dimensions.LoadBalancer}}" } },
  };

  it("builds the command with quoted values and the alarm's window from 30 min before it opened", () => {
    const text = checklistQueryText(item, { alarm: makeAlarm(), openedAt: "2026-11-20T10:00:00.000Z", now });
    expect(text).toEqual({
      ok: true,
      value:
        'slow threshold_ms="5000" lb="app/axonflow-prod/50dc6c495c0c9188" 2026-11-20T09:30:00Z..2026-11-20T11:00:00Z',
    });
  });

  it("ends the window 10 min after a closed episode and honours an explicit step window", () => {
    const closed = checklistQueryText(item, {
      alarm: makeAlarm(),
      openedAt: "2026-11-20T10:00:00Z",
      closedAt: "2026-11-20T10:20:00Z",
      now,
    });
    expect(closed.ok && closed.value.endsWith("2026-11-20T09:30:00Z..2026-11-20T10:30:00Z")).toBe(true);
    const fixed = checklistQueryText(
      { ...item, query: { ...item.query, window: "15m" } },
      { alarm: makeAlarm(), now },
    );
    expect(fixed.ok && fixed.value.endsWith(" 15m")).toBe(true);
  });

  it("anchors an old, still-open alarm's window on the alarm and caps it at the template's maxWindow", () => {
    // Prepare: the alarm opened 40 days before "now" and never closed.
    const longAfter = new Date("2026-12-30T10:00:00Z");

    // Act
    const text = checklistQueryText(item, {
      alarm: makeAlarm(),
      openedAt: "2026-11-20T10:00:00Z",
      now: longAfter,
      maxWindow: "7d",
    });

    // Assess: 30 min before the alarm, for at most 7 days; never the alarm-to-now span that the template refuses.
    expect(text.ok && text.value.endsWith(" 2026-11-20T09:30:00Z..2026-11-27T09:30:00Z")).toBe(true);
  });
});
