import { describe, expect, it } from "vitest";
import type { Alarm } from "../../../src/alarms/alarm.js";
import {
  consoleAlarmUrl,
  consoleMetricsUrl,
  isRegionCode,
  toJsurl,
} from "../../../src/alarms/console-links.js";
import { parseAlarm } from "../../../src/alarms/parse-alarm.js";
import { loadAlarmFixture } from "./alarm-fixtures.js";

function alarmOf(fixture: string): Alarm {
  const { inner, topicArn } = loadAlarmFixture(fixture);
  const result = parseAlarm(inner, topicArn === undefined ? {} : { topicArn });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("consoleAlarmUrl", () => {
  it("links to the regional commercial console", () => {
    expect(consoleAlarmUrl({ name: "EC2-CPU", region: "ap-northeast-2", partition: "aws" })).toBe(
      "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/EC2-CPU",
    );
  });

  it("links to the China console", () => {
    expect(consoleAlarmUrl({ name: "cpu", region: "cn-north-1", partition: "aws-cn" })).toBe(
      "https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/cpu",
    );
  });

  it("links to the GovCloud console", () => {
    expect(consoleAlarmUrl({ name: "cpu", region: "us-gov-west-1", partition: "aws-us-gov" })).toBe(
      "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/cpu",
    );
  });

  it("encodes spaces, slashes, unicode, # and & in the name", () => {
    const url = consoleAlarmUrl({
      name: "prod/api latency ⚠ é #1 & co",
      region: "eu-west-1",
      partition: "aws",
    });

    expect(url).toBe(
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/prod%2Fapi%20latency%20%E2%9A%A0%20%C3%A9%20%231%20%26%20co",
    );
  });

  it("links the parsed anomaly fixture, whose name has spaces", () => {
    expect(consoleAlarmUrl(alarmOf("eventbridge-cw-alarm-state-change-anomaly-detection-awsdocs.json"))).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/EC2%20CPU%20Utilization%20Anomaly",
    );
  });

  it("gives no link without a region", () => {
    expect(consoleAlarmUrl({ name: "x", partition: "aws" })).toBeUndefined();
  });

  it.each(["evil.example/x", "us-east-1.evil.example", "US-EAST-1", "us-east-1@evil", ""])(
    "gives no link for the non-region %j, so a crafted ARN cannot choose the host",
    (region) => {
      expect(consoleAlarmUrl({ name: "x", region, partition: "aws" })).toBeUndefined();
    },
  );
});

describe("isRegionCode", () => {
  it("accepts region codes of every partition", () => {
    for (const region of ["us-east-1", "ap-southeast-7", "us-gov-west-1", "cn-northwest-1", "eu-central-2"]) {
      expect(isRegionCode(region)).toBe(true);
    }
  });
});

describe("consoleMetricsUrl", () => {
  it("graphs a single-metric alarm with stat, period, window around the change and threshold line", () => {
    const url = consoleMetricsUrl(
      alarmOf("cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json"),
    );

    expect(url).toBe(
      "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#metricsV2:graph=" +
        "~(metrics~(~(~'AWS*2fEC2~'CPUUtilization~'InstanceId~'i-0f672ea50a80cda4b))~view~'timeSeries~stacked~false" +
        "~region~'ap-northeast-2~stat~'Average~period~300~start~'2021-06-23T05*3a41*3a06.622Z" +
        "~end~'2021-06-23T09*3a41*3a06.622Z~annotations~(horizontal~(~(label~'Threshold~value~15))))",
    );
  });

  it("uses the partition's console host", () => {
    const alarm: Alarm = {
      source: "sns",
      name: "cpu",
      partition: "aws-us-gov",
      region: "us-gov-east-1",
      state: "ALARM",
      time: "not a time",
      trigger: { kind: "metric", metric: { namespace: "AWS/EC2", name: "CPUUtilization", dimensions: {} } },
    };

    expect(consoleMetricsUrl(alarm)).toBe(
      "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-east-1#metricsV2:graph=" +
        "~(metrics~(~(~'AWS*2fEC2~'CPUUtilization))~view~'timeSeries~stacked~false~region~'us-gov-east-1)",
    );
  });

  it.each([
    "cw-alarm-sns-lambda-metric-math-ALARM-assertible.json",
    "eventbridge-cw-alarm-state-change-anomaly-detection-awsdocs.json",
    "eventbridge-cw-alarm-state-change-composite-actions-suppressed-awsdocs.json",
  ])("gives no metrics link for the non-simple alarm in %s", (fixture) => {
    expect(consoleMetricsUrl(alarmOf(fixture))).toBeUndefined();
  });
});

describe("toJsurl", () => {
  it("encodes objects, arrays, numbers, booleans and escaped strings as the console expects", () => {
    expect(toJsurl({ a: [1, "x y/z", true], "b c": { d: -2.5 }, e: [] })).toBe(
      "~(a~(~1~'x*20y*2fz~true)~b*20c~(d~-2.5)~e~(~))",
    );
  });

  it("writes $ as ! and characters above U+00FF as **hhhh", () => {
    expect(toJsurl("$é⚠")).toBe("~'!*e9**26a0");
  });
});
