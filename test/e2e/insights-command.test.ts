import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeCloudWatchLogsServer,
  startFakeCloudWatchLogsServer,
} from "../fakes/fake-cloudwatch-logs-server.js";
import { BASE_CONFIG, type Harness, startHarness, waitFor } from "../support/harness.js";

const CONFIG = `${BASE_CONFIG}
insights:
  pollIntervalMs: 10
  timeoutSeconds: 30
templates:
  api-errors:
    description: Errors of one service
    logGroups: ["/ecs/tradai-backend-prod"]
    query: "fields @timestamp, @message | filter service = {{service}} and @message like /ERROR/ | sort @timestamp desc | limit 20"
    params:
      service: { type: enum, values: [api, worker] }
    defaultWindow: 1h
  by-id:
    description: One request by id
    logGroups: ["/ecs/tradai-backend-prod"]
    query: "fields @timestamp, @message | filter @message like {{id}}"
    params:
      id: { type: id }
  ops-only:
    description: Restricted
    logGroups: ["/ecs/tradai-backend-prod"]
    query: "fields @message | limit 5"
    allowedChannels: [C0OPS]
`;

let logs: FakeCloudWatchLogsServer;
let h: Harness | undefined;
beforeAll(async () => {
  logs = await startFakeCloudWatchLogsServer();
});
afterAll(async () => {
  await logs.close();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  logs.reset();
});

async function start(): Promise<Harness> {
  return startHarness({
    config: CONFIG,
    overrides: {
      aws: { logs: { endpoint: logs.url, credentials: { accessKeyId: "AKID", secretAccessKey: "s" } } },
    },
  });
}

describe("/insights end to end (signed slash command → Bolt → runner → CloudWatch Logs fake → response_url)", () => {
  it("lists the templates with their parameters when called with no arguments, only to the caller", async () => {
    h = await start();
    const answer = await h.slack.sendSlashCommand({
      command: "/insights",
      text: "",
      channelId: "C0INC",
      userId: "U1",
    });
    expect(answer.status).toBe(200);
    await waitFor(() => (h?.slack.responses().length ?? 0) > 0, "the list response");
    const response = h.slack.responses()[0];
    expect(response?.response_type).toBe("ephemeral");
    const text = JSON.stringify(response?.blocks);
    expect(text).toContain("api-errors");
    expect(text).toContain("service");
    expect(text).not.toContain("ops-only");
  });

  it("runs a template over the requested window and answers in the channel with a table, cost and console link", async () => {
    h = await start();
    logs.setSteps([
      { status: "Running" },
      {
        status: "Complete",
        results: [
          [
            { field: "@timestamp", value: "2026-11-20 10:01:02.000" },
            { field: "@message", value: "ERROR ConnectionError: db timeout <!channel>" },
          ],
        ],
        statistics: { recordsMatched: 1, recordsScanned: 35000, bytesScanned: 1_288_490_189 },
      },
    ]);
    await h.slack.sendSlashCommand({
      command: "/insights",
      text: "api-errors service=api 15m",
      channelId: "C0INC",
      userId: "U1",
    });
    await waitFor(() => (h?.slack.responses().length ?? 0) > 0, "the result response");
    const started = logs.startQueries[0];
    expect(started?.logGroupNames).toEqual(["/ecs/tradai-backend-prod"]);
    expect(started?.queryString).toContain("filter service = 'api'");
    expect((started?.endTime ?? 0) - (started?.startTime ?? 0)).toBe(15 * 60);
    const response = h.slack.responses()[0];
    expect(response?.response_type).toBe("in_channel");
    const text = JSON.stringify(response?.blocks);
    expect(text).toContain("ConnectionError");
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("1.2 GB");
    expect(text).toContain("console.aws.amazon.com/cloudwatch/home?region=");
  });

  it("refuses an injection attempt with a specific message and never starts a query", async () => {
    h = await start();
    await h.slack.sendSlashCommand({
      command: "/insights",
      text: "by-id id=abc'|stats_count",
      channelId: "C0INC",
      userId: "U1",
    });
    await waitFor(() => (h?.slack.responses().length ?? 0) > 0, "the refusal");
    const response = h.slack.responses()[0];
    expect(response?.response_type).toBe("ephemeral");
    expect(JSON.stringify(response)).toMatch(/id/);
    expect(logs.startQueries).toHaveLength(0);
  });

  it("denies a template outside its allowed channels, ephemerally, without querying", async () => {
    h = await start();
    await h.slack.sendSlashCommand({
      command: "/insights",
      text: "ops-only",
      channelId: "C0INC",
      userId: "U1",
    });
    await waitFor(() => (h?.slack.responses().length ?? 0) > 0, "the denial");
    expect(h.slack.responses()[0]?.response_type).toBe("ephemeral");
    expect(JSON.stringify(h.slack.responses()[0])).toContain("allowed channels");
    expect(logs.startQueries).toHaveLength(0);
  });

  it("answers klaxon help within the ack", async () => {
    h = await start();
    const answer = await h.slack.sendSlashCommand({
      command: "/klaxon",
      text: "help",
      channelId: "C0INC",
      userId: "U1",
    });
    expect(answer.status).toBe(200);
    await waitFor(() => (h?.slack.responses().length ?? 0) > 0, "the help");
    expect(h.slack.responses()[0]?.text).toContain("/trace");
  });
});
