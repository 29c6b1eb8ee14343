import { describe, expect, it } from "vitest";
import { consoleAlarmUrl } from "../../../src/alarms/console-links.js";
import { cloudWatchConsoleHome, consoleOrigin, partitionForRegion } from "../../../src/aws/partition.js";
import { consoleQueryUrl } from "../../../src/insights/console-query-url.js";

const QUERY = {
  queryString: "fields @message",
  logGroupNames: ["/ecs/app"],
  startTime: 1_714_557_600,
  endTime: 1_714_561_200,
};

describe("partitionForRegion", () => {
  it("maps China, GovCloud and commercial regions to their partitions", () => {
    expect(partitionForRegion("cn-north-1")).toBe("aws-cn");
    expect(partitionForRegion("cn-northwest-1")).toBe("aws-cn");
    expect(partitionForRegion("us-gov-west-1")).toBe("aws-us-gov");
    expect(partitionForRegion("us-east-1")).toBe("aws");
    expect(partitionForRegion("eu-central-2")).toBe("aws");
  });
});

describe("console hosts", () => {
  it("uses the regional console host in the aws partition", () => {
    expect(consoleOrigin("aws", "eu-west-1")).toBe("https://eu-west-1.console.aws.amazon.com");
    expect(cloudWatchConsoleHome("eu-west-1")).toBe(
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1",
    );
  });

  it("uses console.amazonaws.cn for China regions", () => {
    expect(cloudWatchConsoleHome("cn-north-1")).toBe(
      "https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1",
    );
  });

  it("uses console.amazonaws-us-gov.com for GovCloud regions", () => {
    expect(cloudWatchConsoleHome("us-gov-east-1")).toBe(
      "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-east-1",
    );
  });

  it("gives alarm links and Logs Insights links the same host in every partition", () => {
    for (const [region, partition] of [
      ["us-east-2", "aws"],
      ["cn-northwest-1", "aws-cn"],
      ["us-gov-west-1", "aws-us-gov"],
    ] as const) {
      // Act
      const alarm = consoleAlarmUrl({ name: "cpu", region, partition });
      const query = consoleQueryUrl({ ...QUERY, region });
      // Assess
      const home = cloudWatchConsoleHome(region);
      expect(alarm?.startsWith(`${home}#alarmsV2:`)).toBe(true);
      expect(query.startsWith(`${home}#logsV2:logs-insights`)).toBe(true);
    }
  });
});
