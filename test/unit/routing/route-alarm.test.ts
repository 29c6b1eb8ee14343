import { describe, expect, it } from "vitest";
import type { Route } from "../../../src/config/schema.js";
import { routeAlarm } from "../../../src/routing/route-alarm.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const routes: Route[] = [
  {
    name: "prod-db",
    match: { alarmName: "*-db-*", dimension: { DBInstanceIdentifier: "prod-*" } },
    channel: "#inc-db",
  },
  {
    name: "alb",
    match: { namespace: "AWS/ApplicationELB", state: "ALARM" },
    channel: "#inc-web",
    mention: "@here",
    severity: "high",
  },
  { name: "eu", match: { region: ["eu-*"], account: "210987654321" }, channel: "#inc-eu", runbook: "eu" },
];

describe("routeAlarm", () => {
  it("sends an alarm to the first route whose namespace and state match", () => {
    const decision = routeAlarm(makeAlarm(), routes, "#alerts");
    expect(decision).toEqual({ channel: "#inc-web", routeName: "alb", mention: "@here", severity: "high" });
  });

  it("skips a route whose state condition does not hold", () => {
    const decision = routeAlarm(makeAlarm({ state: "OK" }), routes, "#alerts");
    expect(decision.channel).toBe("#alerts");
  });

  it("matches dimensions with globs and requires every condition", () => {
    const db = makeAlarm({
      name: "orders-db-cpu",
      trigger: {
        kind: "metric",
        metric: {
          namespace: "AWS/RDS",
          name: "CPUUtilization",
          dimensions: { DBInstanceIdentifier: "prod-orders" },
        },
      },
    });
    expect(routeAlarm(db, routes, "#alerts").channel).toBe("#inc-db");
    const staging = makeAlarm({
      name: "orders-db-cpu",
      trigger: {
        kind: "metric",
        metric: { namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: "staging-orders" } },
      },
    });
    expect(routeAlarm(staging, routes, "#alerts").channel).toBe("#alerts");
  });

  it("matches account and region lists, and a composite alarm with no metric never matches a namespace rule", () => {
    const eu = makeAlarm({
      region: "eu-west-1",
      accountId: "210987654321",
      trigger: { kind: "composite", children: [] },
    });
    expect(routeAlarm(eu, routes, "#alerts")).toEqual({ channel: "#inc-eu", routeName: "eu", runbook: "eu" });
  });

  it("falls back to the default channel when nothing matches", () => {
    expect(routeAlarm(makeAlarm({ trigger: { kind: "unknown" } }), [], "#fallback")).toEqual({
      channel: "#fallback",
    });
  });
});
