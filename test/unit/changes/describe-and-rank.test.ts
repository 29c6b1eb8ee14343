import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  describeCloudTrailEvent,
  eventNameInWords,
  principalName,
  shortName,
  type TrailEvent,
} from "../../../src/changes/describe-cloudtrail-event.js";
import { alarmResourceNames, rankChanges } from "../../../src/changes/rank-changes.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

interface FixtureEvent extends Omit<TrailEvent, "EventTime"> {
  readonly EventTime: string;
}
const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/cloudtrail-lookup-events-docs.json", import.meta.url), "utf8"),
) as { Events: FixtureEvent[] };
const events: TrailEvent[] = fixture.Events.map((e) => ({ ...e, EventTime: new Date(e.EventTime) }));
const where = { region: "us-east-2", partition: "aws" as const };

describe("describeCloudTrailEvent", () => {
  it("reads who, what, resource and the console link from an assumed-role ECS deploy", () => {
    // Act
    const change = describeCloudTrailEvent(events[0] as TrailEvent, where);

    // Assess
    expect(change).toMatchObject({
      at: "2026-11-20T11:38:04.000Z",
      who: "deploy-axonflow-api-1187",
      what: "Update service",
      eventName: "UpdateService",
      resource: "axonflow-api",
      source: "cloudtrail",
      link: "https://us-east-2.console.aws.amazon.com/cloudtrailv2/home?region=us-east-2#/events/3a1f6e2c-0b9a-4c3e-9e4e-2d8c1b0a7f11",
    });
    expect(change?.names).toContain("axonflow-prod");
  });

  it.each([
    [1, "Alice", "Update function code", "billing-export"],
    [2, "root", "Modify DB instance", "orders-db"],
    [3, "jane.doe@example.com", "Put metric alarm", "axonflow-high-latency"],
    [4, "autoscaling.amazonaws.com", "Set desired capacity", "batch-workers"],
  ])("describes documented event %i: %s", (index, who, what, resource) => {
    const change = describeCloudTrailEvent(events[index] as TrailEvent, where);

    expect(change).toMatchObject({ who, what, resource });
  });

  it("keeps an event whose JSON is cut or malformed, with what the summary fields say", () => {
    const change = describeCloudTrailEvent(
      {
        EventName: "DeleteQueue",
        EventTime: new Date("2026-11-20T11:00:00Z"),
        Username: "bob",
        CloudTrailEvent: '{"userIdentity":',
      },
      where,
    );

    expect(change).toMatchObject({ who: "bob", what: "Delete queue" });
    expect(change?.resource).toBeUndefined();
  });

  it("builds China and GovCloud console links on their own hosts", () => {
    const cn = describeCloudTrailEvent(events[0] as TrailEvent, {
      region: "cn-north-1",
      partition: "aws-cn",
    });
    const gov = describeCloudTrailEvent(events[0] as TrailEvent, {
      region: "us-gov-west-1",
      partition: "aws-us-gov",
    });

    expect(cn?.link).toMatch(/^https:\/\/[^/]*console\.amazonaws\.cn\/cloudtrailv2\//);
    expect(gov?.link).toMatch(/^https:\/\/[^/]*console\.amazonaws-us-gov\.com\/cloudtrailv2\//);
  });
});

describe("names in words", () => {
  it.each([
    ["UpdateService", "Update service"],
    ["ModifyDBInstance", "Modify DB instance"],
    ["UpdateFunctionConfiguration20150331v2", "Update function configuration"],
    ["ExecuteChangeSet", "Execute change set"],
  ])("%s → %s", (name, words) => {
    expect(eventNameInWords(name)).toBe(words);
  });

  it.each([
    ["arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188", "web"],
    ["arn:aws:ecs:us-east-2:123456789012:task-definition/api:41", "api:41"],
    ["https://sqs.us-east-2.amazonaws.com/123456789012/orders", "orders"],
    ["sg-0a1b2c3d", "sg-0a1b2c3d"],
  ])("short name of %s is %s", (name, short) => {
    expect(shortName(name)).toBe(short);
  });

  it("names a federated session, an IAM user without a name field and an unknown identity", () => {
    expect(principalName({ type: "FederatedUser", arn: "arn:aws:sts::1:federated-user/carol" })).toBe(
      "carol",
    );
    expect(principalName({ type: "IAMUser", arn: "arn:aws:iam::1:user/dave" })).toBe("dave");
    expect(principalName(undefined, "svc-user")).toBe("svc-user");
  });
});

describe("rankChanges", () => {
  const described = events.map((e) => describeCloudTrailEvent(e, where)).filter((c) => c !== undefined);

  it("puts changes to the alarm's resources and the alarm itself first, then the service's, then the rest, newest first", () => {
    // Prepare: an alarm on the axonflow-api ECS service whose route names the billing service.
    const alarm = makeAlarm({
      name: "axonflow-high-latency",
      trigger: {
        kind: "metric",
        metric: {
          namespace: "AWS/ECS",
          name: "CPUUtilization",
          dimensions: { ClusterName: "axonflow-prod", ServiceName: "axonflow-api" },
        },
      },
    });

    // Act
    const ranked = rankChanges(described, {
      alarmResources: alarmResourceNames(alarm),
      alarmName: alarm.name,
      serviceResources: ["billing", "arn:aws:lambda:us-east-2:123456789012:function:billing-export"],
    });

    // Assess
    expect(ranked.map((c) => [c.eventName, c.relevance])).toEqual([
      ["PutMetricAlarm", "alarm"],
      ["UpdateService", "alarm"],
      ["UpdateFunctionCode20150331v2", "service"],
      ["SetDesiredCapacity", "other"],
      ["ModifyDBInstance", "other"],
    ]);
  });

  it("matches whole name segments only, so a short name inside a longer one is no match", () => {
    const ranked = rankChanges(described, { alarmResources: ["prod"], serviceResources: ["api"] });

    expect(ranked.every((c) => c.relevance === "other")).toBe(true);
  });
});
