import { describe, expect, it } from "vitest";
import type { ChangesReport } from "../../../src/changes/change.js";
import { changeHint } from "../../../src/changes/change-hint.js";
import { describeEcsDeployments, ecsServicesFor } from "../../../src/changes/ecs-deployments.js";
import { parseChangesArgs } from "../../../src/changes/parse-changes-args.js";
import { createRateLimiter } from "../../../src/changes/rate-limiter.js";
import { renderChangesSection } from "../../../src/slack/blocks/changes-section.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const ALARM_MS = Date.parse("2026-11-20T11:50:00Z");
const min = (n: number) => new Date(ALARM_MS - n * 60_000);

describe("ECS deployments", () => {
  it("finds services from the alarm's dimensions and service ARNs in resources, without repeats", () => {
    const alarm = makeAlarm({
      trigger: {
        kind: "metric",
        metric: { dimensions: { ClusterName: "prod", ServiceName: "api" } },
      },
    });

    const refs = ecsServicesFor(alarm, [
      "arn:aws:ecs:us-east-2:123456789012:service/prod/api",
      "arn:aws:ecs:us-east-2:123456789012:service/prod/worker",
      "not-an-arn",
    ]);

    expect(refs).toEqual([
      { cluster: "prod", service: "api" },
      { cluster: "prod", service: "worker" },
    ]);
  });

  it("reports a deployment finished in the window with the revision before and after", () => {
    const changes = describeEcsDeployments(
      [
        {
          serviceName: "api",
          clusterArn: "arn:aws:ecs:us-east-2:123456789012:cluster/prod",
          deployments: [
            {
              status: "PRIMARY",
              taskDefinition: "arn:aws:ecs:us-east-2:1:task-definition/api:42",
              createdAt: min(12),
              updatedAt: min(6),
              rolloutState: "COMPLETED",
            },
            {
              status: "ACTIVE",
              taskDefinition: "arn:aws:ecs:us-east-2:1:task-definition/api:41",
              createdAt: min(4000),
              updatedAt: min(4000),
              rolloutState: "COMPLETED",
            },
          ],
        },
      ],
      { startMs: ALARM_MS - 120 * 60_000, endMs: ALARM_MS },
      { region: "us-east-2", partition: "aws" },
    );

    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      at: min(6).toISOString(),
      what: "Deployment completed",
      resource: "api",
      detail: "task definition api:41 → api:42 (rollout COMPLETED)",
      link: "https://us-east-2.console.aws.amazon.com/ecs/v2/clusters/prod/services/api/deployments?region=us-east-2",
    });
  });
});

const report = (overrides: Partial<ChangesReport> = {}): ChangesReport => ({
  startMs: ALARM_MS - 120 * 60_000,
  endMs: ALARM_MS,
  notes: [],
  changes: [
    {
      at: min(12).toISOString(),
      who: "deploy-bot",
      what: "Update service",
      eventName: "UpdateService",
      resource: "api",
      source: "cloudtrail",
      link: "https://us-east-2.console.aws.amazon.com/cloudtrailv2/home#/events/1",
      relevance: "service",
    },
    ...Array.from({ length: 6 }, (_, i) => ({
      at: min(40 + i).toISOString(),
      who: "<!channel> AKIAIOSFODNN7EXAMPLE",
      what: "Put parameter",
      eventName: "PutParameter",
      resource: `/flags/${i}`,
      source: "cloudtrail" as const,
      relevance: "other" as const,
    })),
  ],
  ...overrides,
});

describe("renderChangesSection", () => {
  it("shows the top five with when, what, where, who and a link, then how many more, all text made safe", () => {
    const message = renderChangesSection(report(), {
      heading: "*Changes before the alarm*",
      referenceMs: ALARM_MS,
    });
    const text = JSON.stringify(message.blocks);

    expect(text).toContain(
      "12 min before: *Update service* on `api` by deploy-bot <https://us-east-2.console.aws.amazon.com/cloudtrailv2/home#/events/1|event>",
    );
    expect(text).toContain("+ 2 more");
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });

  it("says plainly when nothing changed and shows the notes", () => {
    const message = renderChangesSection(
      report({ changes: [], notes: ["klaxon may not call cloudtrail:LookupEvents"] }),
      {
        heading: "*Changes*",
        referenceMs: ALARM_MS,
      },
    );

    expect(JSON.stringify(message.blocks)).toContain(
      "No write API calls or deployments found in the 2 h searched.",
    );
    expect(JSON.stringify(message.blocks)).toContain("klaxon may not call cloudtrail:LookupEvents");
  });

  it("hints only at a relevant change within 30 minutes before the alarm", () => {
    expect(changeHint(report(), ALARM_MS)).toBe(
      "Update service on api by deploy-bot, 12 min before the alarm",
    );
    const old = report({ changes: report().changes.map((c) => ({ ...c, at: min(45).toISOString() })) });
    expect(changeHint(old, ALARM_MS)).toBeUndefined();
    const unrelated = report({ changes: report().changes.slice(1) });
    expect(changeHint(unrelated, ALARM_MS)).toBeUndefined();
  });
});

describe("parseChangesArgs", () => {
  const services = {
    "axonflow-api": {
      logGroups: ["/a"],
      idFields: ["@message"],
      messageField: "@message",
      errorLevels: [],
      errorPattern: "E",
      resources: ["arn:aws:ecs:us-east-2:1:service/prod/axonflow-api"],
    },
  };
  const now = new Date(ALARM_MS);

  it("reads a service and a window, a bare window, and a resource filter", () => {
    expect(parseChangesArgs("axonflow-api 30m", { services, lookbackMinutes: 120, now })).toMatchObject({
      ok: true,
      value: {
        serviceName: "axonflow-api",
        resources: services["axonflow-api"].resources,
        startMs: ALARM_MS - 30 * 60_000,
        endMs: ALARM_MS,
      },
    });
    expect(parseChangesArgs("6h", { services, lookbackMinutes: 120, now })).toMatchObject({
      ok: true,
      value: { resources: [], startMs: ALARM_MS - 6 * 3_600_000 },
    });
    expect(parseChangesArgs("orders-db", { services, lookbackMinutes: 120, now })).toMatchObject({
      ok: true,
      value: { resourceFilter: "orders-db", startMs: ALARM_MS - 120 * 60_000 },
    });
  });

  it("refuses a window past CloudTrail's 90 days and a name with link syntax, with the usage line", () => {
    const long = parseChangesArgs("api 120d", { services, lookbackMinutes: 120, now });
    const bad = parseChangesArgs("<!here>", { services, lookbackMinutes: 120, now });

    expect(long.ok === false && long.error.message).toMatch(/maximum of 90d.*Usage: `\/klaxon changes/);
    expect(bad.ok === false && bad.error.code).toBe("changes_invalid_args");
  });
});

describe("createRateLimiter", () => {
  it("spaces calls for one key at the rate and leaves other keys alone", async () => {
    // Prepare: a clock that only moves when the limiter sleeps.
    let now = 0;
    const slept: number[] = [];
    const take = createRateLimiter({
      perSecond: 2,
      clock: () => new Date(now),
      sleep: async (ms) => {
        slept.push(ms);
      },
    });

    // Act: three calls at once for one region, one for another.
    await Promise.all([take("us-east-1"), take("us-east-1"), take("us-east-1"), take("eu-west-1")]);
    now = 2_000;
    await take("us-east-1");

    // Assess
    expect(slept).toEqual([500, 1000]);
  });
});
