import { describe, expect, it } from "vitest";
import {
  alarmNameFromArn,
  locateAlarm,
  parseArn,
  partitionForRegion,
  regionFromDisplayName,
} from "../../../src/alarms/parse-arn.js";

describe("parseArn", () => {
  it("splits a CloudWatch alarm ARN and keeps colons inside the resource", () => {
    expect(parseArn("arn:aws:cloudwatch:us-east-2:201123718756:alarm:a:b")).toEqual({
      partition: "aws",
      service: "cloudwatch",
      region: "us-east-2",
      accountId: "201123718756",
      resource: "alarm:a:b",
    });
  });

  it("reads the GovCloud and China partitions", () => {
    expect(parseArn("arn:aws-us-gov:sns:us-gov-west-1:1:topic")?.partition).toBe("aws-us-gov");
    expect(parseArn("arn:aws-cn:sns:cn-northwest-1:1:topic")?.region).toBe("cn-northwest-1");
  });

  it.each([
    "",
    "not-an-arn",
    "arn:aws:cloudwatch:us-east-1",
    "urn:aws:cloudwatch:us-east-1:1:alarm:x",
    "arn::x:y:z:w",
  ])("returns undefined for %j", (text) => {
    expect(parseArn(text)).toBeUndefined();
  });
});

describe("alarmNameFromArn", () => {
  it("returns the alarm name, spaces and dots included", () => {
    expect(alarmNameFromArn("arn:aws:cloudwatch:us-east-1:1:alarm:SuppressionDemo.EventBridge.Main")).toBe(
      "SuppressionDemo.EventBridge.Main",
    );
    expect(alarmNameFromArn("arn:aws:cloudwatch:us-east-1:1:alarm:EC2 CPU Utilization Anomaly")).toBe(
      "EC2 CPU Utilization Anomaly",
    );
  });

  it("returns undefined for an ARN that is not a CloudWatch alarm", () => {
    expect(alarmNameFromArn("arn:aws:sns:us-east-1:1:topic")).toBeUndefined();
    expect(alarmNameFromArn("arn:aws:cloudwatch:us-east-1:1:alarm-mute-rule:testMute")).toBeUndefined();
  });
});

describe("regionFromDisplayName", () => {
  it.each([
    ["US East (N. Virginia)", "us-east-1"],
    ["US - N. Virginia", "us-east-1"],
    ["US East - N. Virginia", "us-east-1"],
    ["US West - Oregon", "us-west-2"],
    ["US East (Ohio)", "us-east-2"],
    ["EU (Ireland)", "eu-west-1"],
    ["EU (Milan)", "eu-south-1"],
    ["Europe (Frankfurt)", "eu-central-1"],
    ["Asia Pacific (Seoul)", "ap-northeast-2"],
    ["South America (Sao Paulo)", "sa-east-1"],
    ["South America (São Paulo)", "sa-east-1"],
    ["AWS GovCloud (US-West)", "us-gov-west-1"],
    ["China (Ningxia)", "cn-northwest-1"],
  ])("maps %j to %s", (name, code) => {
    expect(regionFromDisplayName(name)).toBe(code);
  });

  it("returns undefined for a name it does not know rather than guessing", () => {
    expect(regionFromDisplayName("US (Virginia)")).toBeUndefined();
  });
});

describe("partitionForRegion", () => {
  it("derives the partition from the region code", () => {
    expect(partitionForRegion("cn-north-1")).toBe("aws-cn");
    expect(partitionForRegion("us-gov-east-1")).toBe("aws-us-gov");
    expect(partitionForRegion("eu-west-3")).toBe("aws");
  });
});

describe("locateAlarm", () => {
  it("prefers the alarm ARN over every other hint", () => {
    const location = locateAlarm({
      alarmArn: "arn:aws:cloudwatch:ap-northeast-2:257706363616:alarm:EC2-CPU",
      regionCode: "us-east-1",
      accountId: "999",
      topicArn: "arn:aws:sns:eu-west-1:1:t",
      regionDisplayName: "EU (Ireland)",
    });

    expect(location).toEqual({ partition: "aws", region: "ap-northeast-2", accountId: "257706363616" });
  });

  it("takes region and partition from the topic ARN but never its account", () => {
    const location = locateAlarm({ topicArn: "arn:aws-us-gov:sns:us-gov-west-1:111:t" });

    expect(location).toEqual({ partition: "aws-us-gov", region: "us-gov-west-1" });
  });

  it("falls back to the display name, and to the partition of that region", () => {
    expect(locateAlarm({ regionDisplayName: "China (Beijing)", accountId: "42" })).toEqual({
      partition: "aws-cn",
      region: "cn-north-1",
      accountId: "42",
    });
  });

  it("says only 'aws' when nothing names a region", () => {
    expect(locateAlarm({ regionDisplayName: "Somewhere (New)" })).toEqual({ partition: "aws" });
  });
});
