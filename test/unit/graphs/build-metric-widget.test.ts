import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import { parseAlarm } from "../../../src/alarms/parse-alarm.js";
import { buildMetricWidget, type MetricWidget } from "../../../src/graphs/build-metric-widget.js";
import { loadAlarmFixture } from "../alarms/alarm-fixtures.js";

function fixtureAlarm(name: string): Alarm {
  const { inner, topicArn } = loadAlarmFixture(name);
  const result = parseAlarm(inner, topicArn === undefined ? {} : { topicArn });
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

function widgetOf(alarm: Alarm, now: Date = new Date(alarm.time)): MetricWidget {
  const widget = buildMetricWidget(alarm, { now });
  if (widget === undefined) throw new Error(`expected a widget for ${alarm.name}`);
  return widget;
}

const EC2_CPU = "cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json";
const MATH = "eventbridge-cw-alarm-state-change-metric-math-awsdocs.json";
const ANOMALY = "cw-alarm-sns-lambda-anomaly-detection-OK-GreaterThanUpperThreshold-ohio.json";

describe("buildMetricWidget for a single-metric alarm", () => {
  it("draws the metric with its stat and period, the threshold with its comparison, and the state change", () => {
    const alarm = fixtureAlarm(EC2_CPU);

    const widget = widgetOf(alarm);

    expect(widget.metrics).toEqual([
      ["AWS/EC2", "CPUUtilization", "InstanceId", "i-0f672ea50a80cda4b", { stat: "Average", period: 300 }],
    ]);
    expect(widget.annotations.horizontal).toEqual([
      { value: 15, label: "threshold > 15", color: "#d62728", fill: "above" },
    ]);
    expect(widget.annotations.vertical).toEqual([
      { value: "2021-06-23T08:41:06Z", label: "ALARM 08:41 UTC", color: "#d62728" },
    ]);
    expect(widget).toMatchObject({
      title: "EC2-CPU",
      view: "timeSeries",
      region: "ap-northeast-2",
      period: 300,
      width: 800,
      height: 400,
      timezone: "+0000",
    });
  });

  it("starts three hours before the state change and ends shortly after it when drawn right away", () => {
    const alarm = fixtureAlarm(EC2_CPU);

    const widget = widgetOf(alarm, new Date("2021-06-23T08:41:10Z"));

    expect(widget.start).toBe("2021-06-23T05:41:06Z");
    expect(widget.end).toBe("2021-06-23T08:42:06Z");
  });

  it("shows what followed (up to two periods) when the graph is drawn long after the state change", () => {
    const alarm = fixtureAlarm(EC2_CPU);

    const widget = widgetOf(alarm, new Date("2021-06-24T00:00:00Z"));

    expect(widget.end).toBe("2021-06-23T08:51:06Z");
  });

  it("looks back twenty periods for a daily metric, so the breach has context", () => {
    const alarm = fixtureAlarm("cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-s3-alerta.json");

    const widget = widgetOf(alarm);

    expect(widget.start).toBe("2019-01-26T23:53:45Z");
    expect(widget.annotations.horizontal?.[0]?.label).toBe("threshold >= 0");
    expect(widget.metrics[0]).toEqual([
      "AWS/S3",
      "BucketSizeBytes",
      "StorageType",
      "StandardStorage",
      "BucketName",
      "try.alerta.io",
      { stat: "Average", period: 86400 },
    ]);
  });

  it("shades below a less-than threshold and leaves out a region the payload did not name", () => {
    const { region: _, ...alarm } = fixtureAlarm(
      "cw-alarm-sns-lambda-threshold-OK-from-ALARM-logmetric-terraform-notify-slack.json",
    );

    const widget = widgetOf(alarm);

    expect(widget.annotations.horizontal).toEqual([
      { value: 1, label: "threshold < 1", color: "#d62728", fill: "below" },
    ]);
    expect(widget.region).toBeUndefined();
    expect(widget.annotations.vertical[0]?.color).toBe("#2ca02c");
  });

  it("clamps requested sizes to CloudWatch's 1–2000 px", () => {
    const widget = buildMetricWidget(fixtureAlarm(EC2_CPU), { now: new Date(), width: 5000, height: 0 });

    expect([widget?.width, widget?.height]).toEqual([2000, 1]);
  });
});

describe("buildMetricWidget for a metric-math alarm", () => {
  it("draws the returned expression and hides its source metrics", () => {
    const alarm = fixtureAlarm(MATH);

    const widget = widgetOf(alarm);

    expect(widget.metrics).toEqual([
      [{ expression: "SUM(METRICS())", id: "e1", label: "Total Network Traffic" }],
      [
        "AWS/EC2",
        "NetworkIn",
        "InstanceId",
        "i-12345678901234567",
        { stat: "Maximum", period: 300, id: "m1", visible: false },
      ],
      [
        "AWS/EC2",
        "NetworkOut",
        "InstanceId",
        "i-12345678901234567",
        { stat: "Maximum", period: 300, id: "m2", visible: false },
      ],
    ]);
    expect(widget.annotations.horizontal?.[0]).toMatchObject({ value: 10000, label: "threshold > 10,000" });
  });

  it("draws a Metrics Insights query with the evaluation period at the top level", () => {
    const alarm = fixtureAlarm("eventbridge-cw-alarm-contributor-state-change-metrics-insights-awsdocs.json");

    const widget = widgetOf(alarm);

    expect(widget.metrics).toEqual([
      [
        {
          expression:
            'SELECT AVG(ConsumedWriteCapacityUnits) FROM "AWS/DynamoDB" GROUP BY TableName ORDER BY MAX() DESC',
          id: "m1",
        },
      ],
    ]);
    expect(widget.period).toBe(60);
  });

  it("gives up when a source metric lacks its name, since the expression would point at nothing", () => {
    const alarm = fixtureAlarm(MATH);
    if (alarm.trigger.kind !== "math") throw new Error("fixture is not metric math");
    const broken: Alarm = {
      ...alarm,
      trigger: {
        ...alarm.trigger,
        metrics: alarm.trigger.metrics.map((q) =>
          q.id === "m2" ? { id: "m2", returnData: false, metric: { dimensions: {} } } : q,
        ),
      },
    };

    expect(buildMetricWidget(broken, { now: new Date() })).toBeUndefined();
  });
});

describe("buildMetricWidget for an anomaly-detection alarm", () => {
  it("draws the band expression and the metric, without a static threshold line", () => {
    const alarm = fixtureAlarm(ANOMALY);

    const widget = widgetOf(alarm);

    expect(widget.metrics).toEqual([
      [
        "AWS/ApplicationELB",
        "TargetResponseTime",
        "LoadBalancer",
        "app/lb-dev/699cf0a8ae9d6530",
        { stat: "p90", period: 900, id: "m1" },
      ],
      [{ expression: "ANOMALY_DETECTION_BAND(m1, 2)", id: "ad1", label: "TargetResponseTime (Expected)" }],
    ]);
    expect(widget.annotations.horizontal).toBeUndefined();
    expect(widget.region).toBe("us-east-2");
    expect(widget.start).toBe("2021-06-29T10:36:20Z");
  });

  it("keeps the banded metric visible even when the payload marks it as not returned", () => {
    const alarm = fixtureAlarm("eventbridge-cw-alarm-state-change-anomaly-detection-awsdocs.json");
    if (alarm.trigger.kind !== "anomaly") throw new Error("fixture is not anomaly detection");
    const hidden: Alarm = {
      ...alarm,
      trigger: { ...alarm.trigger, metrics: alarm.trigger.metrics.map((q) => ({ ...q, returnData: false })) },
    };

    const widget = widgetOf(hidden);

    expect(JSON.stringify(widget.metrics)).not.toContain('"visible":false');
  });
});

describe("buildMetricWidget for alarms without a metric", () => {
  it("returns nothing for a composite alarm", () => {
    const alarm = fixtureAlarm("eventbridge-cw-alarm-state-change-composite-actions-suppressed-awsdocs.json");

    expect(buildMetricWidget(alarm, { now: new Date() })).toBeUndefined();
  });

  it("returns nothing for an alarm of unknown shape", () => {
    const alarm: Alarm = { ...fixtureAlarm(EC2_CPU), trigger: { kind: "unknown" } };

    expect(buildMetricWidget(alarm, { now: new Date() })).toBeUndefined();
  });

  it("returns nothing for a single-metric alarm whose payload names no metric", () => {
    const alarm: Alarm = {
      ...fixtureAlarm(EC2_CPU),
      trigger: { kind: "metric", metric: { dimensions: {} }, threshold: 1 },
    };

    expect(buildMetricWidget(alarm, { now: new Date() })).toBeUndefined();
  });
});
