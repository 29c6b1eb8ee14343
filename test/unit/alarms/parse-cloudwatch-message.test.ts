import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import { parseCloudWatchMessage } from "../../../src/alarms/parse-cloudwatch-message.js";
import type { ParseAlarmContext } from "../../../src/alarms/parse-context.js";
import { loadAlarmFixture } from "./alarm-fixtures.js";

function messageOf(fixture: string): Record<string, unknown> {
  return loadAlarmFixture(fixture).inner as Record<string, unknown>;
}

function parsed(message: Record<string, unknown>, context: ParseAlarmContext = {}): Alarm {
  const result = parseCloudWatchMessage(message, context);
  if (!result.ok) throw new Error(`expected an alarm, got: ${result.error.message}`);
  return result.value;
}

function parsedFixture(fixture: string): Alarm {
  const { inner, topicArn } = loadAlarmFixture(fixture);
  return parsed(inner as Record<string, unknown>, topicArn === undefined ? {} : { topicArn });
}

describe("parseCloudWatchMessage on real SNS alarm messages", () => {
  it("reads a single-metric ALARM with AlarmArn (2021, Seoul) and takes the region code from the ARN", () => {
    const alarm = parsed(
      messageOf("cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json"),
    );

    expect(alarm).toEqual({
      source: "sns",
      name: "EC2-CPU",
      arn: "arn:aws:cloudwatch:ap-northeast-2:257706363616:alarm:EC2-CPU",
      accountId: "257706363616",
      region: "ap-northeast-2",
      partition: "aws",
      state: "ALARM",
      previousState: "INSUFFICIENT_DATA",
      reason:
        "Threshold Crossed: 1 out of the last 1 datapoints [17.2564528039004 (23/06/21 08:31:00)] was greater than the threshold (15.0) (minimum 1 datapoint for OK -> ALARM transition).",
      time: "2021-06-23T08:41:06.622Z",
      trigger: {
        kind: "metric",
        metric: {
          namespace: "AWS/EC2",
          name: "CPUUtilization",
          dimensions: { InstanceId: "i-0f672ea50a80cda4b" },
          stat: "Average",
          period: 300,
        },
        comparison: "GreaterThanThreshold",
        threshold: 15,
        evaluationPeriods: 1,
        treatMissingData: "missing",
        period: 300,
      },
    });
  });

  it("reads a 2019 message without AlarmArn: two dimensions, description, region from the display name", () => {
    const alarm = parsed(
      messageOf("cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-s3-alerta.json"),
    );

    expect(alarm.arn).toBeUndefined();
    expect(alarm).toMatchObject({
      name: "bucketbytesAlarm",
      description: "bucket bytes size exceeded",
      accountId: "1234567890",
      region: "eu-west-1",
      partition: "aws",
      state: "ALARM",
      previousState: "INSUFFICIENT_DATA",
      time: "2019-02-15T23:53:45.093Z",
      trigger: {
        kind: "metric",
        metric: {
          namespace: "AWS/S3",
          name: "BucketSizeBytes",
          dimensions: { StorageType: "StandardStorage", BucketName: "try.alerta.io" },
          stat: "Average",
          period: 86400,
        },
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: 0,
        evaluationPeriods: 1,
      },
    });
    expect(alarm.trigger.kind === "metric" && "treatMissingData" in alarm.trigger).toBe(false);
  });

  it("reads an INSUFFICIENT_DATA transition from ALARM", () => {
    const alarm = parsedFixture("cw-alarm-sns-http-INSUFFICIENT_DATA-from-ALARM-alerta.json");

    expect(alarm).toMatchObject({
      name: "notificationCountAlarm",
      state: "INSUFFICIENT_DATA",
      previousState: "ALARM",
      reason: "Insufficient Data: 10 datapoints were unknown.",
      region: "eu-west-1",
      time: "2019-05-13T08:41:43.548Z",
      trigger: {
        kind: "metric",
        metric: {
          namespace: "AWS/SNS",
          name: "NumberOfNotificationsDelivered",
          dimensions: { TopicName: "alerta-test" },
        },
        evaluationPeriods: 10,
        threshold: 0,
      },
    });
  });

  it("reads a metric-math alarm: every query with id, expression, label, metric and returnData", () => {
    const alarm = parsedFixture("cw-alarm-sns-lambda-metric-math-ALARM-assertible.json");

    expect(alarm).toMatchObject({
      name: "Sample Metric Math Alert",
      accountId: "946184294613",
      region: "us-east-1",
      state: "ALARM",
      previousState: "OK",
      time: "2019-08-07T18:45:24.269Z",
    });
    expect(alarm.trigger).toEqual({
      kind: "math",
      metrics: [
        { id: "e2", expression: "m1*100*m2 - MIN(m1)", label: "Expression2", returnData: true },
        {
          id: "m1",
          returnData: false,
          metric: {
            namespace: "AWS/EC2",
            name: "CPUUtilization",
            dimensions: { InstanceId: "i-0a5c8ea70646e7b05" },
            stat: "Average",
            period: 60,
          },
        },
        {
          id: "m2",
          returnData: false,
          metric: {
            namespace: "AWS/EC2",
            name: "NetworkOut",
            dimensions: { InstanceId: "i-0a5c8ea70646e7b05" },
            stat: "Average",
            period: 60,
          },
        },
      ],
      comparison: "GreaterThanThreshold",
      threshold: 1000,
      evaluationPeriods: 1,
      treatMissingData: "missing",
      period: 60,
    });
  });

  it("reads an anomaly-detection alarm: the band id from ThresholdMetricId and the band expression", () => {
    const alarm = parsedFixture(
      "cw-alarm-sns-lambda-anomaly-detection-OK-GreaterThanUpperThreshold-ohio.json",
    );

    expect(alarm).toMatchObject({
      name: "vibe-nonprod-lb-dev-alb-latency",
      arn: "arn:aws:cloudwatch:us-east-2:201123718756:alarm:vibe-nonprod-lb-dev-alb-latency",
      region: "us-east-2",
      accountId: "201123718756",
      description: "Load balancer latency for application",
      state: "OK",
      previousState: "ALARM",
      time: "2021-06-29T15:36:20.269Z",
    });
    expect(alarm.trigger).toEqual({
      kind: "anomaly",
      bandId: "ad1",
      metrics: [
        {
          id: "m1",
          returnData: true,
          metric: {
            namespace: "AWS/ApplicationELB",
            name: "TargetResponseTime",
            dimensions: { LoadBalancer: "app/lb-dev/699cf0a8ae9d6530" },
            stat: "p90",
            period: 900,
          },
        },
        {
          id: "ad1",
          expression: "ANOMALY_DETECTION_BAND(m1, 2)",
          label: "TargetResponseTime (Expected)",
          returnData: true,
        },
      ],
      comparison: "GreaterThanUpperThreshold",
      evaluationPeriods: 2,
      treatMissingData: "ignore",
      period: 900,
    });
  });

  it("reads the 2016 legacy format (name-first dimensions, no StatisticType) with region 'US West - Oregon'", () => {
    const alarm = parsed(messageOf("cw-alarm-sns-lambda-threshold-ALARM-legacy2016-assertible.json"));

    expect(alarm).toMatchObject({
      name: "awsrds-app-High-DB-Connections",
      accountId: "123456789123",
      region: "us-west-2",
      partition: "aws",
      state: "ALARM",
      previousState: "OK",
      time: "2016-07-24T22:05:19.737Z",
      trigger: {
        kind: "metric",
        metric: {
          namespace: "AWS/RDS",
          name: "DatabaseConnections",
          dimensions: { DBInstanceIdentifier: "app" },
          stat: "Average",
        },
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: 10,
      },
    });
    expect(alarm.description).toBeUndefined();
  });

  it("reads a log-metric OK with no dimensions and NonBreaching; the region comes from the topic, not the bad display name", () => {
    const alarm = parsedFixture(
      "cw-alarm-sns-lambda-threshold-OK-from-ALARM-logmetric-terraform-notify-slack.json",
    );

    expect(alarm).toMatchObject({
      name: "DBMigrationRequired",
      description: 'App is reporting "A JPA error occurred(Unable to build EntityManagerFactory)"',
      accountId: "735598076380",
      region: "us-east-1",
      state: "OK",
      previousState: "ALARM",
      trigger: {
        kind: "metric",
        metric: {
          namespace: "LogMetrics",
          name: "DBMigrationRequired",
          dimensions: {},
          stat: "Sum",
          period: 60,
        },
        comparison: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "notBreaching",
      },
    });
  });

  it("leaves the region unset when neither ARN, topic nor a known display name gives it", () => {
    const alarm = parsed(
      messageOf("cw-alarm-sns-lambda-threshold-OK-from-ALARM-logmetric-terraform-notify-slack.json"),
    );

    expect(alarm.region).toBeUndefined();
    expect(alarm.partition).toBe("aws");
  });
});
