import { describe, expect, it } from "vitest";
import { buildErrorQueries } from "../../../src/error-summary/build-error-queries.js";
import { authorizeErrorsTarget, parseErrorsArgs } from "../../../src/error-summary/parse-errors-args.js";
import { AXONFLOW, NOW, NOW_S } from "./error-summary-stubs.js";

const OPTIONS = { services: { "axonflow-api": AXONFLOW, "tradai-backend": AXONFLOW }, now: NOW };
const OPEN = { ...OPTIONS, allowAnyLogGroup: true };

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

  it("with errors.allowAnyLogGroup, turns a literal log group into an ad-hoc service matching ERROR|Exception|Traceback", () => {
    const args = parseErrorsArgs("/ecs/payments-prod 30m", OPEN);
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
    const badGroup = parseErrorsArgs("/ecs/pay|ments", OPEN);
    expect(!badGroup.ok && badGroup.error.code).toBe("spikes_invalid_log_group");
    const long = parseErrorsArgs("axonflow-api 2d", OPTIONS);
    expect(!long.ok && long.error.code).toBe("spikes_invalid_window");
    expect(!long.ok && long.error.message).toMatch(/maximum of 24h/);
  });

  it("does not take inherited object keys for service names", () => {
    const args = parseErrorsArgs("constructor", OPTIONS);
    expect(!args.ok && args.error.code).toBe("spikes_unknown_service");
  });

  it("refuses a literal log group by default, naming the configured services and the opt-in key", () => {
    const args = parseErrorsArgs("/aws/lambda/payroll-secrets 30m", OPTIONS);

    expect(!args.ok && args.error.code).toBe("spikes_log_group_not_allowed");
    expect(!args.ok && args.error.message).toContain("Configured services: axonflow-api, tradai-backend.");
    expect(!args.ok && args.error.message).toContain("errors.allowAnyLogGroup: true");
  });

  it("lets a service be queried only from its allowedChannels and by its allowedUserGroups", () => {
    const services = {
      payments: { ...AXONFLOW, allowedChannels: ["C0PAY"], allowedUserGroups: ["S0ONCALL"] },
      open: AXONFLOW,
    };
    const target = (name: string) => {
      const args = parseErrorsArgs(name, { services, now: NOW });
      if (!args.ok) throw args.error;
      return args.value.target;
    };

    const wrongChannel = authorizeErrorsTarget(target("payments"), {
      channelId: "C0OTHER",
      userGroupIds: ["S0ONCALL"],
    });
    const wrongGroup = authorizeErrorsTarget(target("payments"), {
      channelId: "C0PAY",
      userGroupIds: ["S0DEV"],
    });
    const allowed = authorizeErrorsTarget(target("payments"), {
      channelId: "C0PAY",
      userGroupIds: ["S0ONCALL"],
    });
    const open = authorizeErrorsTarget(target("open"), { channelId: "C0OTHER", userGroupIds: [] });

    expect(!wrongChannel.ok && wrongChannel.error).toMatchObject({ code: "spikes_service_not_allowed" });
    expect(!wrongChannel.ok && wrongChannel.error.message).toContain("allowed channels (C0PAY)");
    expect(!wrongChannel.ok && wrongChannel.error.message).toContain("services.payments.allowedChannels");
    expect(!wrongGroup.ok && wrongGroup.error.message).toContain("user groups S0ONCALL");
    expect([allowed.ok, open.ok]).toEqual([true, true]);
  });
});
