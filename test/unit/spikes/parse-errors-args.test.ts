import { describe, expect, it } from "vitest";
import { buildErrorQueries } from "../../../src/spikes/build-error-queries.js";
import { parseErrorsArgs } from "../../../src/spikes/parse-errors-args.js";
import { AXONFLOW, NOW, NOW_S } from "./error-summary-stubs.js";

const OPTIONS = { services: { "axonflow-api": AXONFLOW, "tradai-backend": AXONFLOW }, now: NOW };

describe("parseErrorsArgs", () => {
  it("takes a configured service with the default 1 h window", () => {
    const args = parseErrorsArgs("axonflow-api", OPTIONS);
    expect(args.ok && args.value.target).toEqual({ name: "axonflow-api", service: AXONFLOW, adHoc: false });
    expect(args.ok && args.value.window).toMatchObject({
      startTime: NOW_S - 3600,
      endTime: NOW_S,
      label: "last 1h",
    });
  });

  it("reads the rest as the window, including since and ISO ranges", () => {
    const since = parseErrorsArgs("axonflow-api since 11:30", OPTIONS);
    expect(since.ok && since.value.window.startTime).toBe(NOW_S - 1800);
    const range = parseErrorsArgs("axonflow-api 2026-11-20T10:00Z..2026-11-20T10:30Z", OPTIONS);
    expect(range.ok && range.value.window).toMatchObject({ startTime: NOW_S - 7200, endTime: NOW_S - 5400 });
  });

  it("turns a literal log group into an ad-hoc service matching ERROR|Exception|Traceback in @message", () => {
    const args = parseErrorsArgs("/ecs/payments-prod 30m", OPTIONS);
    expect(args.ok && args.value.target.adHoc).toBe(true);
    if (!args.ok) return;
    const queries = buildErrorQueries(args.value.target.name, args.value.target.service, 60);
    expect(queries.ok && queries.value.logGroupNames).toEqual(["/ecs/payments-prod"]);
    expect(queries.ok && queries.value.countsByBin).toContain(
      "filter @message like /ERROR|Exception|Traceback/",
    );
  });

  it("refuses an unknown service and lists the configured ones", () => {
    const args = parseErrorsArgs("payments", OPTIONS);
    expect(!args.ok && args.error.code).toBe("spikes_unknown_service");
    expect(!args.ok && args.error.message).toContain("Configured services: axonflow-api, tradai-backend");
  });

  it("refuses no target, a malformed log group and a window over 24 h before any query", () => {
    const none = parseErrorsArgs("  ", OPTIONS);
    expect(!none.ok && none.error.code).toBe("spikes_missing_target");
    const badGroup = parseErrorsArgs("/ecs/pay|ments", OPTIONS);
    expect(!badGroup.ok && badGroup.error.code).toBe("spikes_invalid_log_group");
    const long = parseErrorsArgs("axonflow-api 2d", OPTIONS);
    expect(!long.ok && long.error.code).toBe("spikes_invalid_window");
    expect(!long.ok && long.error.message).toMatch(/maximum of 24h/);
  });

  it("does not take inherited object keys for service names", () => {
    const args = parseErrorsArgs("constructor", OPTIONS);
    expect(!args.ok && args.error.code).toBe("spikes_unknown_service");
  });
});
