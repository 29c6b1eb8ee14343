import { CloudWatchClient, type GetMetricWidgetImageCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MetricWidget } from "../../../src/graphs/build-metric-widget.js";
import { fetchMetricGraph, toGraphError } from "../../../src/graphs/fetch-metric-graph.js";
import { silentLogger } from "../../../src/shared/logger.js";
import {
  type FakeCloudWatchServer,
  ONE_PIXEL_PNG,
  startFakeCloudWatchServer,
} from "../../fakes/fake-cloudwatch-server.js";

const WIDGET: MetricWidget = {
  title: "EC2-CPU",
  view: "timeSeries",
  stacked: false,
  region: "ap-northeast-2",
  width: 800,
  height: 400,
  start: "2021-06-23T05:41:06Z",
  end: "2021-06-23T08:42:06Z",
  period: 300,
  timezone: "+0000",
  metrics: [
    ["AWS/EC2", "CPUUtilization", "InstanceId", "i-0f672ea50a80cda4b", { stat: "Average", period: 300 }],
  ],
  annotations: { vertical: [{ value: "2021-06-23T08:41:06Z", label: "ALARM 08:41 UTC", color: "#d62728" }] },
  legend: { position: "bottom" },
};

let fake: FakeCloudWatchServer;
let client: CloudWatchClient;

beforeAll(async () => {
  fake = await startFakeCloudWatchServer();
  // One attempt: the SDK would otherwise retry throttling with backoff and slow the test down.
  client = new CloudWatchClient({
    region: "ap-northeast-2",
    endpoint: fake.url,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
});
afterEach(() => fake.reset());
afterAll(async () => {
  client.destroy();
  await fake.close();
});

const deps = () => ({ cloudwatch: client, logger: silentLogger() });

describe("fetchMetricGraph with the real CloudWatch client", () => {
  it("sends the widget as a JSON string with OutputFormat png and returns the PNG bytes", async () => {
    const result = await fetchMetricGraph(deps(), WIDGET);

    expect(result.ok && Buffer.from(result.value).equals(ONE_PIXEL_PNG)).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      widget: JSON.parse(JSON.stringify(WIDGET)),
      outputFormat: "png",
      signingRegion: "ap-northeast-2",
      contentType: "application/x-amz-json-1.0",
    });
  });

  it.each([
    ["AccessDenied", "graph_access_denied", "grant cloudwatch:GetMetricWidgetImage"],
    ["Throttling", "graph_throttled", "20 per second"],
    ["InvalidParameterInput", "graph_invalid_widget", "refused the graph definition"],
    ["ValidationError", "graph_invalid_widget", "refused the graph definition"],
    ["InternalServiceError", "graph_failed", "GetMetricWidgetImage failed"],
  ])("maps CloudWatch's %s to %s", async (name, code, hint) => {
    fake.fail({ name, httpStatus: name === "InternalServiceError" ? 500 : 400 });

    const result = await fetchMetricGraph(deps(), WIDGET);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(hint);
  });

  it("names the region whose role lacks the permission", async () => {
    fake.fail({ name: "AccessDeniedException", queryCode: "AccessDenied" });

    const result = await fetchMetricGraph(deps(), WIDGET);

    expect(result.ok ? "" : result.error.message).toContain("in ap-northeast-2");
  });

  it("reports an empty image instead of uploading nothing", async () => {
    fake.setImage(Buffer.alloc(0));

    const result = await fetchMetricGraph(deps(), WIDGET);

    expect(result.ok ? "" : result.error.code).toBe("graph_empty_image");
  });

  it("gives up after its timeout rather than waiting on a stuck CloudWatch", async () => {
    const stuck = {
      send: (_command: GetMetricWidgetImageCommand, options?: { abortSignal?: AbortSignal }) =>
        new Promise<never>((_resolve, reject) => {
          options?.abortSignal?.addEventListener("abort", () => reject(options.abortSignal?.reason));
        }),
    };

    const result = await fetchMetricGraph(
      { cloudwatch: stuck, logger: silentLogger(), timeoutMs: 20 },
      WIDGET,
    );

    expect(result.ok ? "" : result.error.code).toBe("graph_timeout");
  });
});

describe("toGraphError", () => {
  it("tells the operator to check credentials when the SDK found none", () => {
    const error = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });

    const mapped = toGraphError(error, "us-east-1");

    expect(mapped.code).toBe("graph_credentials");
    expect(mapped.message).toContain("no valid AWS credentials for CloudWatch in us-east-1");
  });

  it("recognises a query-compatible Code when the exception name is generic", () => {
    const error = Object.assign(new Error("Rate exceeded"), {
      name: "CloudWatchServiceException",
      Code: "Throttling",
    });

    expect(toGraphError(error, undefined).code).toBe("graph_throttled");
  });

  it("keeps the original error as the cause for the logs", () => {
    const error = new Error("socket hang up");

    expect(toGraphError(error, undefined).cause).toBe(error);
  });
});
