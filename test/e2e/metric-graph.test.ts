import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorMessage } from "../../src/playground/slack-emulator/emulator-types.js";
import {
  type FakeCloudWatchServer,
  ONE_PIXEL_PNG,
  startFakeCloudWatchServer,
} from "../fakes/fake-cloudwatch-server.js";
import { type Harness, latencyAlarm, startHarness, waitFor } from "../support/harness.js";

const T0 = "2026-11-20T10:00:00.000Z";

let cloudwatch: FakeCloudWatchServer;
let h: Harness | undefined;

beforeAll(async () => {
  cloudwatch = await startFakeCloudWatchServer();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  cloudwatch.reset();
});
afterAll(async () => {
  await cloudwatch.close();
});

async function startWithGraphs(): Promise<Harness> {
  return startHarness({
    overrides: {
      metricGraphs: true,
      aws: {
        cloudwatch: {
          endpoint: cloudwatch.url,
          credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
        },
      },
    },
  });
}

/** The alarm's root message in #inc-web and its thread replies. */
function rootAndReplies(harness: Harness): { root: EmulatorMessage | undefined; replies: EmulatorMessage[] } {
  const channel = harness.slack.channels().find((c) => c.name === "inc-web");
  const [root] = harness.slack.messages(channel?.id ?? "");
  const replies = root ? harness.slack.thread(root.channel, root.ts).filter((m) => m.ts !== root.ts) : [];
  return { root, replies };
}

describe("metric graph in the alarm thread (SNS → outbox → CloudWatch → Slack files v2)", () => {
  it("uploads the CloudWatch PNG of the alarm's metric into the new episode's thread", async () => {
    h = await startWithGraphs();
    const harness = h;

    expect((await harness.notify(latencyAlarm("ALARM", T0))).status).toBe(200);
    await waitFor(() => rootAndReplies(harness).replies.some((m) => m.files?.length), "the graph upload");

    const { root, replies } = rootAndReplies(harness);
    expect(root?.text).toContain("axonflow-high-latency");
    const file = replies.flatMap((m) => m.files ?? [])[0];
    expect(file).toMatchObject({ name: "axonflow-high-latency.png", mimetype: "image/png" });
    expect(harness.slack.fileContent(file?.id ?? "")?.equals(ONE_PIXEL_PNG)).toBe(true);
    expect(cloudwatch.requests).toHaveLength(1);
    expect(cloudwatch.requests[0]?.signingRegion).toBe("us-east-2");
    expect(cloudwatch.requests[0]?.widget).toMatchObject({
      title: "axonflow-high-latency",
      region: "us-east-2",
      metrics: [
        [
          "AWS/ApplicationELB",
          "TargetResponseTime",
          "LoadBalancer",
          "app/axonflow-prod/50dc6c495c0c9188",
          { stat: "p95", period: 300 },
        ],
      ],
      annotations: { horizontal: [{ value: 5, label: "threshold > 5" }] },
    });
  });

  it("posts a 'metric graph unavailable' note in the thread when CloudWatch denies the call", async () => {
    cloudwatch.fail({ name: "AccessDeniedException", queryCode: "AccessDenied" });
    h = await startWithGraphs();
    const harness = h;

    await harness.notify(latencyAlarm("ALARM", T0));
    await waitFor(
      () => rootAndReplies(harness).replies.some((m) => m.text.startsWith("metric graph unavailable")),
      "the unavailable note",
    );

    const { replies } = rootAndReplies(harness);
    expect(replies.map((m) => m.text)).toEqual([
      "metric graph unavailable: klaxon's AWS role may not render graphs in us-east-2; grant cloudwatch:GetMetricWidgetImage",
    ]);
    expect(harness.slack.callsTo("files.completeUploadExternal")).toEqual([]);
  });

  it("draws nothing when metric graphs are switched off", async () => {
    h = await startHarness({
      overrides: { metricGraphs: false, aws: { cloudwatch: { endpoint: cloudwatch.url } } },
    });
    const harness = h;

    await harness.notify(latencyAlarm("ALARM", T0));
    await waitFor(() => rootAndReplies(harness).root !== undefined, "the alarm post");
    await new Promise((resolve) => setTimeout(resolve, 150));

    expect(cloudwatch.requests).toEqual([]);
    expect(rootAndReplies(harness).replies).toEqual([]);
  });
});
