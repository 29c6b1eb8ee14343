import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeChangesServer, startFakeChangesServer } from "../fakes/fake-changes-server.js";
import {
  BASE_CONFIG,
  clockFrom,
  type Harness,
  latencyAlarm,
  startHarness,
  waitFor,
} from "../support/harness.js";

const SAMPLE_LOGS = fileURLToPath(new URL("../../samples/logs", import.meta.url));
const ALARM_TIME = "2026-11-20T11:50:00.000Z";
const ALARM_MS = Date.parse(ALARM_TIME);
const minutesBefore = (minutes: number) => new Date(ALARM_MS - minutes * 60_000).toISOString();
const SERVICE_ARN = "arn:aws:ecs:us-east-2:123456789012:service/axonflow-prod/axonflow-api";
const CONFIG = `${BASE_CONFIG.replace(
  `    severity: high`,
  `    severity: high
    service: axonflow-api
    runbook: latency`,
)}
insights:
  pollIntervalMs: 10
services:
  axonflow-api:
    logGroups: ["/axonflow/production"]
    idFields: [request_id]
    messageField: message
    levelField: level
    errorLevels: [error]
    resources: ["${SERVICE_ARN}"]
`;

const RUNBOOK = `---
title: AxonFlow latency
checklist:
  - text: What changed before the alarm?
    query: { template: changes, window: 3h }
  - Roll back if a deploy preceded the alarm
---
# AxonFlow latency
`;

let fake: FakeChangesServer;
let h: Harness | undefined;
beforeAll(async () => {
  fake = await startFakeChangesServer();
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  fake.calls.length = 0;
});

describe("what changed before an alarm, end to end", () => {
  it("shows the deploy that preceded the alarm in the first look, hints at it on the alarm, and answers /klaxon changes", async () => {
    // Prepare: a deploy of the alarm's service 12 min before it, an unrelated change, and the ECS deployment.
    fake.setEvents([
      {
        EventId: "evt-deploy",
        EventName: "UpdateService",
        EventTime: minutesBefore(12),
        EventSource: "ecs.amazonaws.com",
        Resources: [{ ResourceType: "AWS::ECS::Service", ResourceName: SERVICE_ARN }],
        CloudTrailEvent: JSON.stringify({
          userIdentity: {
            type: "AssumedRole",
            arn: "arn:aws:sts::123456789012:assumed-role/deploy/deploy-bot",
          },
          requestParameters: {
            cluster: "axonflow-prod",
            service: "axonflow-api",
            taskDefinition: "axonflow-api:42",
          },
        }),
      },
      { EventId: "evt-param", EventName: "PutParameter", EventTime: minutesBefore(50), Username: "maria" },
    ]);
    fake.setServices([
      {
        cluster: "axonflow-prod",
        serviceName: "axonflow-api",
        deployments: [
          {
            id: "d42",
            status: "PRIMARY",
            taskDefinition: "arn:aws:ecs:us-east-2:1:task-definition/axonflow-api:42",
            createdAt: minutesBefore(12),
            updatedAt: minutesBefore(7),
            rolloutState: "COMPLETED",
          },
          {
            id: "d41",
            status: "ACTIVE",
            taskDefinition: "arn:aws:ecs:us-east-2:1:task-definition/axonflow-api:41",
            createdAt: minutesBefore(5000),
            updatedAt: minutesBefore(5000),
            rolloutState: "COMPLETED",
          },
        ],
      },
    ]);
    const aws = { endpoint: fake.url, credentials: { accessKeyId: "AKIDKLAXON", secretAccessKey: "s" } };
    h = await startHarness({
      config: CONFIG,
      env: { KLAXON_LOGS_DIR: SAMPLE_LOGS, AWS_REGION: "us-east-2" },
      clock: clockFrom(ALARM_TIME, 5 * 60_000),
      files: { "runbooks/latency.md": RUNBOOK },
      overrides: { aws: { cloudtrail: aws, ecs: aws } },
    });
    const slack = h.slack;

    // Act
    await h.notify(latencyAlarm("ALARM", ALARM_TIME));

    // Assess: the first look in the thread carries the changes, the deploy first.
    const channelId = () => slack.channels().find((c) => c.name === "inc-web")?.id ?? "";
    const firstLookIn = (ch: string) =>
      slack.thread(ch, slack.messages(ch)[0]?.ts ?? "").find((m) => m.text.startsWith("First look"));
    await waitFor(() => firstLookIn(channelId()) !== undefined, "the first look", 15_000);
    const channel = channelId();
    const root = slack.messages(channel)[0];
    const firstLook = firstLookIn(channel);
    const blocks = JSON.stringify(firstLook?.blocks);
    expect(blocks).toContain("Changes before the alarm");
    expect(blocks).toMatch(
      /7 min before: \*Deployment completed\* on `axonflow-api` by ECS · task definition axonflow-api:41 → axonflow-api:42/,
    );
    expect(blocks).toMatch(
      /12 min before: \*Update service\* on `axonflow-api` by deploy-bot <https:\/\/us-east-2\.console\.aws\.amazon\.com\/cloudtrailv2\/home\?region=us-east-2#\/events\/evt-deploy\|event>/,
    );
    expect(blocks.indexOf("Update service")).toBeLessThan(blocks.indexOf("Put parameter"));
    const lookup = fake.calls.find((c) => c.operation === "LookupEvents");
    expect(lookup).toMatchObject({ region: "us-east-2", accessKeyId: "AKIDKLAXON" });
    expect(Number(lookup?.body.EndTime)).toBe(ALARM_MS / 1000);
    expect(Number(lookup?.body.StartTime)).toBe(ALARM_MS / 1000 - 2 * 3600);

    // The alarm message gets a one-line hint in place.
    await waitFor(
      () =>
        JSON.stringify(slack.findMessage(channel, root?.ts ?? "")?.blocks).includes("changed just before"),
      "the hint",
    );
    expect(JSON.stringify(slack.findMessage(channel, root?.ts ?? "")?.blocks)).toContain(
      "changed just before: Deployment completed on axonflow-api by ECS, 7 min before the alarm",
    );

    // A runbook step runs the same lookup for the alarm, over its own window.
    const checklist = slack
      .thread(channel, root?.ts ?? "")
      .find((m) => m.text.startsWith("Runbook checklist"));
    await slack.sendBlockAction({
      channelId: channel,
      userId: "U0BOB",
      messageTs: checklist?.ts ?? "",
      threadTs: root?.ts ?? "",
      actions: [{ action_id: "runbook_run_query_0" }],
    });
    await waitFor(
      () =>
        slack
          .thread(channel, root?.ts ?? "")
          .some((m) => m.text.includes('ran "What changed before the alarm?"')),
      "the step's answer",
    );
    const step = slack
      .thread(channel, root?.ts ?? "")
      .find((m) => m.text.includes('ran "What changed before the alarm?"'));
    expect(JSON.stringify(step?.blocks)).toContain(
      "12 min before: *Update service* on `axonflow-api` by deploy-bot",
    );
    expect(
      fake.calls.some(
        (c) => c.operation === "LookupEvents" && Number(c.body.StartTime) === ALARM_MS / 1000 - 3 * 3600,
      ),
    ).toBe(true);

    // And on demand.
    const answer = await slack.sendSlashCommand({
      command: "/klaxon",
      text: "changes axonflow-api 1h",
      channelId: channel,
      userId: "U1",
    });
    expect(answer.status).toBe(200);
    await waitFor(
      () => slack.responses().some((r) => JSON.stringify(r).includes("Changes for axonflow-api")),
      "the /klaxon changes answer",
    );
    const response = JSON.stringify(
      slack.responses().find((r) => JSON.stringify(r).includes("Changes for axonflow-api")),
    );
    expect(response).toMatch(
      /12 min ago: \*Deployment completed\*.*17 min ago: \*Update service\*.*55 min ago: \*Put parameter\* by maria/,
    );
  });
});
