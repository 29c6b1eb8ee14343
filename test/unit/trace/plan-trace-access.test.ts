import { describe, expect, it } from "vitest";
import { type ServiceConfig, ServiceSchema } from "../../../src/config/schema.js";
import { createQueryLimiter } from "../../../src/insights/query-limiter.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { planTrace, type TraceDeps } from "../../../src/trace/run-trace.js";

const ID = "19e555d0-b349-11f0-9ee0-09606a1108f9";
const NOW = new Date("2025-10-27T18:00:00.000Z");
const service = (extra: Partial<ServiceConfig>) =>
  ServiceSchema.parse({ logGroups: ["/eks/app"], idFields: ["reqId"], ...extra });
const SERVICES: Record<string, ServiceConfig> = {
  api: service({}),
  payments: service({ allowedChannels: ["C0PAY"] }),
  models: service({ allowedUserGroups: ["S0ML"] }),
};

function deps(): TraceDeps {
  return {
    services: SERVICES,
    backend: {
      startQuery: async () => "q",
      getQueryResults: async () => ({ status: "Complete", results: [], statistics: {} }),
      stopQuery: async () => {},
    } as unknown as TraceDeps["backend"],
    limiter: createQueryLimiter(1),
    clock: () => NOW,
    sleep: async () => {},
    logger: silentLogger(),
    limits: { timeoutSeconds: 30, maxBytesScanned: 1e9, pollIntervalMs: 10 },
    region: "eu-west-1",
  };
}

const names = (plan: ReturnType<typeof planTrace>) =>
  plan.ok ? plan.value.services.map((s) => s.name) : plan.error.code;

describe("planTrace with a requester", () => {
  it("leaves out services whose allowedChannels or allowedUserGroups exclude the requester", () => {
    const outsider = planTrace(deps(), { id: ID, requester: { channelId: "C0OPS", userGroupIds: [] } });
    const insider = planTrace(deps(), { id: ID, requester: { channelId: "C0PAY", userGroupIds: ["S0ML"] } });
    const internal = planTrace(deps(), { id: ID });

    expect(names(outsider)).toEqual(["api"]);
    expect(names(insider)).toEqual(["api", "payments", "models"]);
    expect(names(internal)).toEqual(["api", "payments", "models"]);
  });

  it("refuses a named service the requester may not query, saying where it may be", () => {
    const plan = planTrace(deps(), {
      id: ID,
      services: ["api", "payments"],
      requester: { channelId: "C0OPS", userGroupIds: [] },
    });

    expect(plan.ok ? undefined : plan.error.code).toBe("trace_service_not_allowed");
    expect(plan.ok ? "" : plan.error.message).toContain(
      "payments can only be queried in its allowed channels (C0PAY)",
    );
  });
});
