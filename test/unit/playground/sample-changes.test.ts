import { describe, expect, it } from "vitest";
import { createChangesFinder } from "../../../src/changes/find-changes.js";
import { createSampleChangesSource } from "../../../src/playground/samples/sample-changes.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

describe("the playground's sample changes", () => {
  it("show the axonflow-api deploy 12 minutes before a sample alarm first, with the deployment 41 → 42", async () => {
    // Prepare: the sample 5xx alarm's shape, routed to axonflow-api with the example config's resources.
    const now = new Date("2026-12-01T12:00:00Z");
    const find = createChangesFinder({
      source: createSampleChangesSource(() => now),
      clock: () => now,
      logger: silentLogger(),
      limits: { maxEvents: 200, cacheSeconds: 60 },
    });
    const alarm = makeAlarm({
      region: "us-east-1",
      time: now.toISOString(),
      trigger: {
        kind: "metric",
        metric: { dimensions: { LoadBalancer: "app/axonflow-prod/1234567890abcdef" } },
      },
    });

    // Act
    const report = await find({
      region: "us-east-1",
      partition: "aws",
      startMs: now.getTime() - 2 * 3_600_000,
      endMs: now.getTime(),
      alarm,
      serviceName: "axonflow-api",
      serviceResources: ["arn:aws:ecs:us-east-1:123456789012:service/axonflow-prod/axonflow-api"],
    });

    // Assess: the cluster shares its name with the alarm's load balancer, so the deploy ranks as the alarm's own.
    expect(report.changes.slice(0, 3).map((c) => [c.what, c.resource, c.relevance])).toEqual([
      ["Deployment completed", "axonflow-api", "alarm"],
      ["Update service", "axonflow-api", "alarm"],
      ["Register task definition", "axonflow-api:42", "service"],
    ]);
    expect(report.changes.find((c) => c.what === "Update service")?.at).toBe("2026-12-01T11:48:00.000Z");
    expect(report.changes.some((c) => c.what === "Authorize security group ingress")).toBe(true);
  });
});
