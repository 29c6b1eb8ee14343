import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Route } from "../../../src/config/schema.js";
import { type AlarmTags, createAlarmTagLookup } from "../../../src/routing/alarm-tags.js";
import { routeAlarm, routesUseTags } from "../../../src/routing/route-alarm.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const ARN = "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:payments-latency";
const alarm = makeAlarm({ arn: ARN, region: "eu-west-1", accountId: "111111111111" });

function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: "warn" }, { write: (l: string) => lines.push(JSON.parse(l)) }) };
}

describe("match.tags", () => {
  const routes: Route[] = [
    { match: { tags: { team: "pay*", tier: "1" } }, channel: "#inc-payments" },
    { match: {}, channel: "#inc-all" },
  ];

  it("matches when every tag glob holds, and never without tags", () => {
    expect(routeAlarm(alarm, routes, "#alerts", { team: "Payments", tier: "1" }).channel).toBe(
      "#inc-payments",
    );
    expect(routeAlarm(alarm, routes, "#alerts", { team: "payments" }).channel).toBe("#inc-all");
    expect(routeAlarm(alarm, routes, "#alerts").channel).toBe("#inc-all");
    expect(routeAlarm(alarm, routes, "#alerts", {}).channel).toBe("#inc-all");
  });

  it("says whether any route needs tags", () => {
    expect(routesUseTags(routes)).toBe(true);
    expect(routesUseTags([{ match: { tags: {} }, channel: "#x" }])).toBe(false);
  });
});

describe("createAlarmTagLookup", () => {
  it("reads tags in the alarm's account and region once per cache period", async () => {
    // Prepare
    let now = Date.parse("2026-11-20T10:00:00Z");
    const reads: string[] = [];
    const lookup = createAlarmTagLookup(
      {
        listTags: async (arn, region, account) => {
          reads.push(`${account}|${region}|${arn}`);
          return { team: "payments" };
        },
        clock: () => new Date(now),
        logger: capture().logger,
      },
      { ttlMs: 60_000, waitMs: 1_000 },
    );
    // Act
    const first = await lookup(alarm);
    now += 30_000;
    const cached = await lookup(alarm);
    now += 60_000;
    await lookup(alarm);
    // Assess
    expect(first).toEqual({ team: "payments" });
    expect(cached).toEqual({ team: "payments" });
    expect(reads).toEqual([`111111111111|eu-west-1|${ARN}`, `111111111111|eu-west-1|${ARN}`]);
  });

  it("routes as untagged when the read fails, logging once per alarm", async () => {
    let now = 0;
    const { logger, lines } = capture();
    const lookup = createAlarmTagLookup(
      {
        listTags: async () => {
          throw Object.assign(new Error("not authorized"), { name: "AccessDenied" });
        },
        clock: () => new Date(now),
        logger,
      },
      { ttlMs: 1_000, waitMs: 1_000 },
    );
    const results: (AlarmTags | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      results.push(await lookup(alarm));
      now += 5_000;
    }
    expect(results).toEqual([{}, {}, {}]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ alarmArn: ARN, account: "111111111111", region: "eu-west-1" });
  });

  it("stops waiting after waitMs and lets the read fill the cache for the next notification", async () => {
    let release: (tags: AlarmTags) => void = () => {};
    const lookup = createAlarmTagLookup(
      {
        listTags: () => new Promise<AlarmTags>((resolve) => (release = resolve)),
        clock: () => new Date(0),
        logger: capture().logger,
      },
      { ttlMs: 60_000, waitMs: 5 },
    );
    expect(await lookup(alarm)).toBeUndefined();
    release({ team: "payments" });
    await new Promise((r) => setImmediate(r));
    expect(await lookup(alarm)).toEqual({ team: "payments" });
  });

  it("asks nothing for an alarm without an ARN", async () => {
    const lookup = createAlarmTagLookup(
      {
        listTags: async () => {
          throw new Error("should not be called");
        },
        clock: () => new Date(0),
        logger: capture().logger,
      },
      { ttlMs: 1, waitMs: 1 },
    );
    const { arn: _arn, ...withoutArn } = makeAlarm();
    expect(await lookup(withoutArn)).toBeUndefined();
  });
});
