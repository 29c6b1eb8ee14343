import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ECSClient } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsChangesSource } from "../../../src/changes/aws-changes-source.js";
import { createChangesFinder } from "../../../src/changes/find-changes.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { type FakeChangesServer, startFakeChangesServer } from "../../fakes/fake-changes-server.js";
import { makeAlarm } from "../../fakes/make-alarm.js";

const ALARM_MS = Date.parse("2026-11-20T11:50:00Z");
const at = (minutesBefore: number) => new Date(ALARM_MS - minutesBefore * 60_000).toISOString();

let fake: FakeChangesServer;
const clients: { destroy(): void }[] = [];
beforeAll(async () => {
  fake = await startFakeChangesServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fake.close();
});
beforeEach(() => {
  fake.calls.length = 0;
  fake.setEvents([]);
  fake.setServices([]);
});

function finder(maxEvents = 200) {
  const options = { endpoint: fake.url, credentials: { accessKeyId: "AKIDCHANGES", secretAccessKey: "s" } };
  const source = createAwsChangesSource({
    cloudtrailForRegion: (region) => {
      const c = new CloudTrailClient({ region, maxAttempts: 1, ...options });
      clients.push(c);
      return c;
    },
    ecsForRegion: (region) => {
      const c = new ECSClient({ region, ...options });
      clients.push(c);
      return c;
    },
    limit: async () => {},
    sleep: async () => {},
    logger: silentLogger(),
  });
  return createChangesFinder({
    source,
    clock: () => new Date(ALARM_MS),
    logger: silentLogger(),
    limits: { maxEvents, cacheSeconds: 60 },
  });
}

const alarm = makeAlarm({
  region: "eu-west-1",
  trigger: { kind: "metric", metric: { dimensions: { ClusterName: "prod", ServiceName: "api" } } },
});
const request = {
  region: "eu-west-1",
  partition: "aws" as const,
  startMs: ALARM_MS - 2 * 3_600_000,
  endMs: ALARM_MS,
  alarm,
};

describe("change lookups against CloudTrail and ECS over the real SDK clients", () => {
  it("asks for write events in the alarm's region and window and ranks the deploy of the alarm's service first", async () => {
    // Prepare
    fake.setEvents([
      { EventId: "e1", EventName: "PutParameter", EventTime: at(5), Username: "maria" },
      {
        EventId: "e2",
        EventName: "UpdateService",
        EventTime: at(12),
        CloudTrailEvent: JSON.stringify({
          userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/deploy/ci-42" },
          requestParameters: { cluster: "prod", service: "api" },
        }),
      },
      { EventId: "old", EventName: "DeleteStack", EventTime: at(300), Username: "x" },
    ]);
    fake.setServices([
      {
        cluster: "prod",
        serviceName: "api",
        deployments: [
          {
            id: "d1",
            status: "PRIMARY",
            taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/api:7",
            createdAt: at(12),
            updatedAt: at(8),
            rolloutState: "COMPLETED",
          },
        ],
      },
    ]);

    // Act
    const report = await finder()(request);

    // Assess
    const lookup = fake.calls.find((c) => c.operation === "LookupEvents");
    expect(lookup).toMatchObject({ region: "eu-west-1", accessKeyId: "AKIDCHANGES" });
    expect(lookup?.body.LookupAttributes).toEqual([{ AttributeKey: "ReadOnly", AttributeValue: "false" }]);
    expect(fake.calls.find((c) => c.operation === "DescribeServices")?.body).toMatchObject({
      cluster: "prod",
      services: ["api"],
    });
    expect(report.changes.map((c) => [c.eventName, c.relevance, c.who])).toEqual([
      ["EcsDeployment", "alarm", "ECS"],
      ["UpdateService", "alarm", "ci-42"],
      ["PutParameter", "other", "maria"],
    ]);
    expect(report.notes).toEqual([]);
  });

  it("reads at most maxEvents in pages and says the rest was not read", async () => {
    fake.setEvents(
      Array.from({ length: 130 }, (_, i) => ({
        EventId: `e${i}`,
        EventName: "PutParameter",
        EventTime: at(1 + (i % 100)),
        Username: "u",
      })),
    );

    const report = await finder(100)(request);

    expect(fake.calls.filter((c) => c.operation === "LookupEvents")).toHaveLength(2);
    expect(report.changes).toHaveLength(100);
    expect(report.notes).toEqual([
      "only the newest 100 CloudTrail events were read; narrow the window to see older ones",
    ]);
  });

  it("retries a throttled lookup and turns a missing permission into a note, not an error", async () => {
    fake.setEvents([{ EventId: "e1", EventName: "UpdateService", EventTime: at(3), Username: "u" }]);
    fake.fail("LookupEvents", "ThrottlingException", 2);
    fake.fail("DescribeServices", "AccessDeniedException", 1);

    const report = await finder()(request);

    expect(fake.calls.filter((c) => c.operation === "LookupEvents")).toHaveLength(3);
    expect(report.changes.map((c) => c.eventName)).toEqual(["UpdateService"]);
    expect(report.notes).toEqual([
      "klaxon may not call ecs:DescribeServices; add it to klaxon's IAM policy to see changes here",
    ]);
  });

  it("gives up after the throttle retries with a note and tries again next time", async () => {
    fake.setEvents([{ EventId: "e1", EventName: "UpdateService", EventTime: at(3), Username: "u" }]);
    fake.fail("LookupEvents", "ThrottlingException", 3);
    const find = finder();

    const first = await find(request);
    const second = await find(request);

    expect(first.notes).toEqual(["cloudtrail:LookupEvents was throttled; try again in a minute"]);
    expect(second.changes.map((c) => c.eventName)).toEqual(["UpdateService"]);
    expect(fake.calls.filter((c) => c.operation === "LookupEvents")).toHaveLength(4);
  });

  it("reuses one CloudTrail read for alarms in the same minute window", async () => {
    fake.setEvents([{ EventId: "e1", EventName: "UpdateService", EventTime: at(3), Username: "u" }]);
    const find = finder();

    await Promise.all([find(request), find({ ...request, startMs: request.startMs + 10_000 })]);
    await find(request);

    expect(fake.calls.filter((c) => c.operation === "LookupEvents")).toHaveLength(1);
  });
});
