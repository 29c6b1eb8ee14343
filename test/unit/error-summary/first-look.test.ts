import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import { parseAlarm } from "../../../src/alarms/parse-alarm.js";
import { buildFirstLookRequest, runFirstLook } from "../../../src/error-summary/first-look.js";
import { InsightsError } from "../../../src/insights/errors.js";
import { makeAlarm } from "../../fakes/make-alarm.js";
import { AXONFLOW, axonflowAnswer, NOW_S, queryKind, stubBackend, stubDeps } from "./error-summary-stubs.js";

const SERVICES = { "axonflow-api": AXONFLOW };
const ROUTE = { channel: "#inc-axonflow", service: "axonflow-api" };

function sampleAlarm(file: string): Alarm {
  const parsed = parseAlarm(
    readFileSync(new URL(`../../../samples/alarms/${file}`, import.meta.url), "utf8"),
  );
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** The sample latency alarm (5 min × 3 periods) moved to 12:00, when the stub's spike is at its height. */
const LATENCY_AT_NOON = makeAlarm({ time: "2026-11-20T12:00:00.000Z" });

describe("buildFirstLookRequest", () => {
  it("covers 3 evaluation periods of 5 min plus 2 periods of lead-up before the sample latency alarm", () => {
    // Prepare: the sample fires at 11:48:00.905 with Period 300, EvaluationPeriods 3.
    const alarm = sampleAlarm("axonflow-high-latency-ALARM.json");
    // Act
    const request = buildFirstLookRequest(alarm, ROUTE, SERVICES);
    // Assess
    const end = Date.parse("2026-11-20T11:48:00Z") / 1000;
    expect(request).toEqual({
      serviceName: "axonflow-api",
      service: AXONFLOW,
      window: { startTime: end - 25 * 60, endTime: end },
      periodSeconds: 300,
    });
  });

  it("widens a short evaluation window to 15 min (1-minute period, 1 period)", () => {
    const alarm = makeAlarm({
      trigger: { kind: "metric", metric: { dimensions: {}, period: 60 }, evaluationPeriods: 1 },
    });
    const request = buildFirstLookRequest(alarm, ROUTE, SERVICES);
    expect(request && request.window.endTime - request.window.startTime).toBe(15 * 60);
  });

  it("caps a long evaluation window at 3 h (1-hour period, 5 periods)", () => {
    const alarm = makeAlarm({
      trigger: { kind: "metric", metric: { dimensions: {}, period: 3600 }, evaluationPeriods: 5 },
    });
    const request = buildFirstLookRequest(alarm, ROUTE, SERVICES);
    expect(request && request.window.endTime - request.window.startTime).toBe(3 * 3600);
  });

  it("reads a metric-math alarm's period from its trigger (2 × 5 min → 20 min)", () => {
    const alarm = makeAlarm({
      trigger: { kind: "math", metrics: [], period: 300, evaluationPeriods: 2 },
    });
    const request = buildFirstLookRequest(alarm, ROUTE, SERVICES);
    expect(request && request.window.endTime - request.window.startTime).toBe(20 * 60);
  });

  it("gives a composite alarm, which has no period, the 15 min minimum", () => {
    const alarm = makeAlarm({ trigger: { kind: "composite", children: [] } });
    const request = buildFirstLookRequest(alarm, ROUTE, SERVICES);
    expect(request && request.window.endTime - request.window.startTime).toBe(15 * 60);
  });

  it("returns undefined when the route names no service, and no service config for an unknown name", () => {
    expect(buildFirstLookRequest(LATENCY_AT_NOON, { channel: "#alerts" }, SERVICES)).toBeUndefined();
    expect(
      buildFirstLookRequest(LATENCY_AT_NOON, { channel: "#x", service: "nope" }, SERVICES)?.service,
    ).toBeUndefined();
  });
});

describe("runFirstLook", () => {
  it("summarises the service's errors before the alarm under a quarter of the bytes cap", async () => {
    // Prepare
    const stub = stubBackend(axonflowAnswer);
    const deps = stubDeps(stub.backend, {
      limits: { timeoutSeconds: 60, maxBytesScanned: 4000, pollIntervalMs: 100 },
    });
    const running = {
      ...stub.backend,
      getQueryResults: async (id: string) => {
        const done = await stub.backend.getQueryResults(id);
        return {
          ...done,
          status: "Running" as const,
          statistics: { ...done.statistics, bytesScanned: 1500 },
        };
      },
    };
    // Act
    const look = await runFirstLook({ ...deps, backend: running }, LATENCY_AT_NOON, ROUTE);
    // Assess: 1,500 bytes is under the 4,000 cap but over the first look's 1,000.
    expect(look?.kind).toBe("summary");
    expect(look?.kind === "summary" && look.outcome.notes.join("\n")).toMatch(/over the 1000 B cap/);
    expect(stub.stopped.length).toBeGreaterThan(0);
    expect(stub.started.filter((q) => queryKind(q) === "bins").map((q) => q.endTime - NOW_S)).toContain(0);
  });

  it("returns undefined when the route names no service, without querying", async () => {
    const stub = stubBackend(axonflowAnswer);
    expect(
      await runFirstLook(stubDeps(stub.backend), LATENCY_AT_NOON, { channel: "#alerts" }),
    ).toBeUndefined();
    expect(stub.started).toHaveLength(0);
  });

  it("turns failing queries into a failed look with the reason", async () => {
    const stub = stubBackend(
      () => new InsightsError("insights_access_denied", "AccessDeniedException: not authorized"),
    );
    const look = await runFirstLook(stubDeps(stub.backend), LATENCY_AT_NOON, ROUTE);
    expect(look).toEqual({
      kind: "failed",
      serviceName: "axonflow-api",
      reason: "AccessDeniedException: not authorized",
    });
  });

  it("reports a route pointing at an unconfigured service instead of throwing", async () => {
    const stub = stubBackend(axonflowAnswer);
    const look = await runFirstLook(stubDeps(stub.backend), LATENCY_AT_NOON, {
      channel: "#x",
      service: "payments",
    });
    expect(look?.kind).toBe("failed");
    expect(look?.serviceName).toBe("payments");
    expect(look?.kind === "failed" && look.reason).toMatch(/payments.*not under services:/);
  });

  it("never throws, even when the backend throws something that is not an InsightsError", async () => {
    const stub = stubBackend(axonflowAnswer);
    const broken = {
      ...stub.backend,
      startQuery: async () => Promise.reject(new TypeError("socket hang up")),
    };
    const look = await runFirstLook(stubDeps(broken), LATENCY_AT_NOON, ROUTE);
    expect(look?.kind === "failed" && look.reason).toMatch(/socket hang up/);
  });
});
