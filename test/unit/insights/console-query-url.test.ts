import { describe, expect, it } from "vitest";
import { consoleQueryUrl, decodeConsoleQueryDetail } from "../../../src/insights/console-query-url.js";

const INPUT = {
  region: "us-east-1",
  queryString:
    "fields @timestamp, @message\n| filter @message like /ERROR|a\\/b/\n| filter x = 'it''s' | limit 20",
  logGroupNames: ["/ecs/tradai-backend-prod", "/aws/lambda/x"],
  startTime: Date.parse("2026-11-20T10:00:00Z") / 1000,
  endTime: Date.parse("2026-11-20T11:00:00Z") / 1000,
};

describe("consoleQueryUrl", () => {
  it("points at the Logs Insights page of the region", () => {
    expect(consoleQueryUrl(INPUT)).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logsV2:logs-insights\$3FqueryDetail\$3D\$257E\$2528end\$257E\$2527/,
    );
  });

  it("encodes the query, the log groups and the absolute UTC window in the console's JSURL form", () => {
    const detail = decodeConsoleQueryDetail(consoleQueryUrl(INPUT));
    expect(detail).toBe(
      (
        "~(end~'2026-11-20T11*3a00*3a00.000Z~start~'2026-11-20T10*3a00*3a00.000Z~timeType~'ABSOLUTE~tz~'UTC" +
        "~editorString~'fields*20*40timestamp*2c*20*40message*0a*7c*20filter*20*40message*20like*20*2fERROR*7ca*5c*2fb*2f*0a*7c*20filter*20x*20*3d*20*27it*27*27s*27*20*7c*20limit*2020" +
        "~isLiveTail~false~source~(~'*2fecs*2ftradai-backend-prod~'*2faws*2flambda*2fx))"
      ).replace(/\*([0-9a-f]{2})/g, (_m, h: string) => `*${h.toUpperCase()}`),
    );
  });

  it("keeps the URL free of characters that break Slack links", () => {
    const url = consoleQueryUrl(INPUT);
    expect(url).not.toMatch(/[\s|<>'()~]/);
    expect(url.length).toBeLessThan(3000);
  });

  it("uses the partition's console host", () => {
    expect(consoleQueryUrl({ ...INPUT, region: "cn-north-1" })).toMatch(
      /^https:\/\/console\.amazonaws\.cn\/cloudwatch\/home\?region=cn-north-1#/,
    );
    expect(consoleQueryUrl({ ...INPUT, region: "us-gov-west-1" })).toMatch(
      /^https:\/\/console\.amazonaws-us-gov\.com\/cloudwatch\/home\?region=us-gov-west-1#/,
    );
  });
});
