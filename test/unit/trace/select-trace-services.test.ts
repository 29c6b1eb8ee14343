import { describe, expect, it } from "vitest";
import { type ServiceConfig, ServiceSchema } from "../../../src/config/schema.js";
import { selectTraceServices } from "../../../src/trace/select-trace-services.js";

const service = (extra: Partial<ServiceConfig>) =>
  ServiceSchema.parse({ logGroups: ["/eks/app"], idFields: ["reqId"], ...extra });
const SERVICES: Record<string, ServiceConfig> = {
  api: service({}),
  payments: service({ allowedChannels: ["C0PAY"] }),
};
const OUTSIDER = { channelId: "C0OPS", userGroupIds: [] };
const names = (selected: ReturnType<typeof selectTraceServices>) =>
  selected.ok ? selected.value.map(([name]) => name) : selected.error.code;

describe("selectTraceServices", () => {
  it("takes every service when none is named, skipping those the requester may not query", () => {
    expect(names(selectTraceServices(SERVICES, undefined, undefined))).toEqual(["api", "payments"]);
    expect(names(selectTraceServices(SERVICES, [], OUTSIDER))).toEqual(["api"]);
  });

  it("names the configured services when asked for an unknown one", () => {
    const selected = selectTraceServices(SERVICES, ["billing"], undefined);

    expect(selected.ok ? undefined : selected.error.message).toBe(
      "No service called billing. Configured services: api, payments.",
    );
  });

  it("refuses a named service the requester may not query, and says so when none is left", () => {
    expect(names(selectTraceServices(SERVICES, ["payments"], OUTSIDER))).toBe("trace_service_not_allowed");
    expect(names(selectTraceServices({ payments: SERVICES.payments as ServiceConfig }, [], OUTSIDER))).toBe(
      "trace_service_not_allowed",
    );
  });

  it("tells the operator to add a services: section when none is configured", () => {
    const selected = selectTraceServices({}, undefined, undefined);

    expect(selected.ok ? undefined : selected.error.code).toBe("trace_unknown_service");
    expect(selected.ok ? "" : selected.error.message).toContain("add a `services:` section");
  });
});
