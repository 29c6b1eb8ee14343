import type { Alarm } from "../../../../src/alarms/alarm.js";

// Alarm models as the parser produces them, hand-built from the real payloads in test/fixtures/alarms/ so these
// builder tests do not depend on the parser.

/** From eventbridge-cw-alarm-state-change-single-metric-awsdocs.json, with a p95 statistic. */
export const thresholdAlarm: Alarm = {
  source: "eventbridge",
  name: "ServerCpuTooHigh",
  arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh",
  accountId: "123456789012",
  region: "us-east-1",
  partition: "aws",
  description: "Goes into alarm when server CPU utilization is too high!",
  state: "ALARM",
  previousState: "OK",
  reason:
    "Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (14/07/22 16:19:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).",
  time: "2022-07-14T16:20:22.520+0000",
  trigger: {
    kind: "metric",
    metric: {
      namespace: "AWS/EC2",
      name: "CPUUtilization",
      dimensions: { InstanceId: "i-12345678901234567" },
      stat: "Average",
      period: 300,
    },
    comparison: "GreaterThanThreshold",
    threshold: 50,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
  },
};

/** From cw-alarm-sns-lambda-threshold-OK-from-ALARM-logmetric-terraform-notify-slack.json. */
export const okAlarm: Alarm = {
  ...thresholdAlarm,
  state: "OK",
  previousState: "ALARM",
  reason:
    "Threshold Crossed: 1 datapoint [10.0 (14/07/22 16:41:00)] was not greater than the threshold (50.0).",
  time: "2022-07-14T16:32:22.520+0000",
};

/** From eventbridge-cw-alarm-state-change-composite-actions-suppressed-awsdocs.json. */
export const compositeAlarm: Alarm = {
  source: "eventbridge",
  name: "ServiceAggregatedAlarm",
  arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm",
  accountId: "123456789012",
  region: "us-east-1",
  partition: "aws",
  state: "ALARM",
  previousState: "OK",
  reason:
    "arn:aws:cloudwatch:us-east-1:123456789012:alarm:SuppressionDemo.EventBridge.FirstChild transitioned to ALARM at Friday 22 July, 2022 15:57:45 UTC",
  time: "2022-07-22T15:57:45.394+0000",
  trigger: {
    kind: "composite",
    rule: "ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)",
    children: [
      { name: "ServerCpuTooHigh", state: "ALARM" },
      { name: "TotalNetworkTrafficTooHigh", state: "OK" },
    ],
    actionsSuppressedBy: "WaitPeriod",
    actionsSuppressedReason: "Actions suppressed by WaitPeriod",
  },
};

/** From cw-alarm-sns-lambda-metric-math-ALARM-assertible.json. */
export const mathAlarm: Alarm = {
  source: "sns",
  name: "Sample Metric Math Alert",
  accountId: "946184294613",
  region: "us-east-1",
  partition: "aws",
  state: "ALARM",
  previousState: "OK",
  time: "2019-08-07T18:45:24.269+0000",
  trigger: {
    kind: "math",
    metrics: [
      { id: "e2", label: "Expression2", expression: "m1*100*m2 - MIN(m1)", returnData: true },
      {
        id: "m1",
        metric: {
          namespace: "AWS/EC2",
          name: "CPUUtilization",
          dimensions: { InstanceId: "i-0a5c8ea70646e7b05" },
        },
        returnData: false,
      },
    ],
    comparison: "GreaterThanThreshold",
    threshold: 1000,
  },
};

/** From eventbridge-cw-alarm-state-change-anomaly-detection-awsdocs.json. */
export const anomalyAlarm: Alarm = {
  source: "eventbridge",
  name: "ServerCpuTooHighAnomaly",
  accountId: "123456789012",
  region: "us-east-1",
  partition: "aws",
  state: "ALARM",
  time: "2022-07-14T16:41:22.520+0000",
  trigger: {
    kind: "anomaly",
    bandId: "ad1",
    metrics: [
      {
        id: "ad1",
        expression: "ANOMALY_DETECTION_BAND(m1, 0.8)",
        label: "CPUUtilization (expected)",
        returnData: true,
      },
      {
        id: "m1",
        metric: {
          namespace: "AWS/EC2",
          name: "CPUUtilization",
          dimensions: { InstanceId: "i-12345678901234567" },
        },
        returnData: true,
      },
    ],
    comparison: "GreaterThanUpperThreshold",
  },
};

/** A payload shape klaxon did not recognise: only the identity survived, the rest is kept raw. */
export const unknownAlarm: Alarm = {
  source: "sns",
  name: "mystery-alarm",
  partition: "aws",
  state: "ALARM",
  time: "2024-03-01T10:02:00Z",
  trigger: { kind: "unknown" },
  unparsed: { Trigger: { Weird: "<!channel> ```", Token: "AKIAIOSFODNN7EXAMPLE" }, Extra: [1, 2, 3] },
};
