import type { GetMetricWidgetImageCommand } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import { parseAlarm } from "../../../src/alarms/parse-alarm.js";
import type { CloudWatchClientLike } from "../../../src/graphs/fetch-metric-graph.js";
import {
  type GraphSlackClient,
  graphFilename,
  type PostMetricGraphDeps,
  postMetricGraph,
} from "../../../src/graphs/post-metric-graph.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { ONE_PIXEL_PNG } from "../../fakes/fake-cloudwatch-server.js";
import { loadAlarmFixture } from "../alarms/alarm-fixtures.js";

function fixtureAlarm(name: string): Alarm {
  const result = parseAlarm(loadAlarmFixture(name).inner);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const CPU = fixtureAlarm(
  "cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json",
);
const COMPOSITE = fixtureAlarm("eventbridge-cw-alarm-state-change-composite-actions-suppressed-awsdocs.json");
const NOW = new Date("2021-06-23T08:42:00Z");

type Upload = Parameters<GraphSlackClient["filesUploadV2"]>[0];
type Note = Parameters<GraphSlackClient["chat"]["postMessage"]>[0];

/** Records what the graph did; the CloudWatch and Slack answers are scripted per test. */
function setup(
  script: {
    cloudwatch?: () => Promise<Uint8Array>;
    upload?: () => Promise<unknown>;
    note?: () => Promise<unknown>;
  } = {},
) {
  const regions: (string | undefined)[] = [];
  const widgets: string[] = [];
  const uploads: Upload[] = [];
  const notes: Note[] = [];
  const cloudwatch: CloudWatchClientLike = {
    async send(command: GetMetricWidgetImageCommand) {
      widgets.push(command.input.MetricWidget ?? "");
      const image = await (script.cloudwatch ?? (async () => new Uint8Array(ONE_PIXEL_PNG)))();
      return { MetricWidgetImage: image, $metadata: {} };
    },
  };
  const deps: PostMetricGraphDeps = {
    cloudwatchForRegion: (region) => {
      regions.push(region);
      return cloudwatch;
    },
    slack: {
      async filesUploadV2(args) {
        uploads.push(args);
        return script.upload?.();
      },
      chat: {
        async postMessage(args) {
          notes.push(args);
          return script.note?.();
        },
      },
    },
    logger: silentLogger(),
  };
  return { deps, regions, widgets, uploads, notes };
}

const target = (alarm: Alarm) => ({ alarm, slackChannel: "C0INC", slackTs: "1624437666.000100" });

function awsError(name: string): Error {
  return Object.assign(new Error(`${name} (test)`), { name });
}

describe("postMetricGraph", () => {
  it("uploads the PNG into the alarm message's thread, rendered by the alarm region's client", async () => {
    const t = setup();

    const result = await postMetricGraph(t.deps, target(CPU), NOW);

    expect(result).toEqual({ outcome: "uploaded" });
    expect(t.regions).toEqual(["ap-northeast-2"]);
    expect(JSON.parse(t.widgets[0] ?? "{}")).toMatchObject({ title: "EC2-CPU", region: "ap-northeast-2" });
    expect(t.uploads).toHaveLength(1);
    expect(t.uploads[0]).toMatchObject({
      channel_id: "C0INC",
      thread_ts: "1624437666.000100",
      filename: "EC2-CPU.png",
      title: "EC2-CPU (ALARM)",
    });
    expect(t.uploads[0]?.file.equals(ONE_PIXEL_PNG)).toBe(true);
    expect(t.notes).toEqual([]);
  });

  it("skips a composite alarm without calling CloudWatch or posting a note", async () => {
    const t = setup();

    const result = await postMetricGraph(t.deps, target(COMPOSITE), NOW);

    expect(result).toEqual({ outcome: "skipped" });
    expect([t.widgets, t.uploads, t.notes]).toEqual([[], [], []]);
  });

  it("posts a short note saying what to grant when CloudWatch denies access", async () => {
    const t = setup({ cloudwatch: () => Promise.reject(awsError("AccessDeniedException")) });

    const result = await postMetricGraph(t.deps, target(CPU), NOW);

    expect(result.outcome).toBe("noted");
    expect(t.uploads).toEqual([]);
    expect(t.notes).toEqual([
      {
        channel: "C0INC",
        thread_ts: "1624437666.000100",
        text: "metric graph unavailable: klaxon's AWS role may not render graphs in ap-northeast-2; grant cloudwatch:GetMetricWidgetImage",
      },
    ]);
  });

  it("posts a note asking for the files:write scope when Slack refuses the upload", async () => {
    const slackError = Object.assign(new Error("An API error occurred: missing_scope"), {
      code: "slack_webapi_platform_error",
      data: { ok: false, error: "missing_scope" },
    });
    const t = setup({ upload: () => Promise.reject(slackError) });

    const result = await postMetricGraph(t.deps, target(CPU), NOW);

    expect(result.outcome).toBe("noted");
    expect(t.notes[0]?.text).toBe(
      "metric graph unavailable: Slack refused the upload (missing_scope); add the files:write scope to the Slack app",
    );
  });

  it("escapes CloudWatch's text in the note so it cannot ping the channel", async () => {
    const refusal = Object.assign(new Error("metric <!channel> is not valid"), { name: "ValidationError" });
    const t = setup({ cloudwatch: () => Promise.reject(refusal) });

    await postMetricGraph(t.deps, target(CPU), NOW);

    expect(t.notes[0]?.text).toContain("refused the graph definition: metric &lt;!channel&gt; is not valid");
  });

  it("never throws, even when the note cannot be posted either", async () => {
    const t = setup({
      cloudwatch: () => Promise.reject(awsError("Throttling")),
      note: () => Promise.reject(new Error("ratelimited")),
    });

    const result = await postMetricGraph(t.deps, target(CPU), NOW);

    expect(result.outcome).toBe("failed");
    expect(result.outcome === "failed" && result.error.code).toBe("graph_throttled");
  });

  it("asks for the default region's client when the payload named no region", async () => {
    const { region: _, ...alarm } = CPU;
    const t = setup();

    await postMetricGraph(t.deps, target(alarm), NOW);

    expect(t.regions).toEqual([undefined]);
  });
});

describe("graphFilename", () => {
  it.each([
    ["EC2-CPU", "EC2-CPU.png"],
    ["EC2 CPU Utilization Anomaly", "EC2-CPU-Utilization-Anomaly.png"],
    ["../../etc/passwd", "..-..-etc-passwd.png"],
    ["日本語", "alarm.png"],
  ])("turns %j into %j", (name, expected) => {
    expect(graphFilename(name)).toBe(expected);
  });
});
