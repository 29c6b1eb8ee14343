import { describe, expect, it } from "vitest";
import type { InsightsAnswer } from "../../../../src/insights/insights-command.js";
import { costLine, renderInsightsAnswer } from "../../../../src/slack/blocks/insights-answer.js";

const RESULT: Extract<InsightsAnswer, { kind: "result" }> = {
  kind: "result",
  templateName: "api-errors",
  columns: ["@timestamp", "message"],
  rows: [
    ["2026-11-20 11:59:00.000", "boom <!channel> & more"],
    ["2026-11-20 11:58:00.000", "second"],
  ],
  statistics: { bytesScanned: 1.2 * 1024 ** 3, recordsScanned: 35_000, recordsMatched: 120 },
  status: "Complete",
  partial: false,
  partialReason: undefined,
  note: undefined,
  consoleUrl:
    "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights",
  window: { startTime: 1, endTime: 2, label: "last 1h", endClamped: false },
  queryString: "fields @message",
};

const allText = (blocks: unknown) => JSON.stringify(blocks);

describe("renderInsightsAnswer", () => {
  it("renders the cost line as bytes, records scanned and matched", () => {
    expect(costLine(RESULT.statistics)).toBe("scanned 1.2 GB, 35,000 records, matched 120");
  });

  it("renders a result as an escaped code-block table, cost context and console button", () => {
    const message = renderInsightsAnswer(RESULT);
    const json = allText(message.blocks);
    expect(json).toContain("```");
    expect(json).toContain("&lt;!channel&gt; &amp; more");
    expect(json).not.toContain("<!channel>");
    expect(json).toContain("scanned 1.2 GB, 35,000 records, matched 120");
    expect(message.blocks.at(-1)).toMatchObject({
      type: "actions",
      elements: [{ type: "button", url: RESULT.consoleUrl, action_id: "open_console" }],
    });
    expect(message.upload).toBeUndefined();
    expect(message.text).toBe("api-errors: 2 rows");
  });

  it("flags long results for file upload with a preview", () => {
    const rows = Array.from({ length: 400 }, (_, i) => [
      `2026-11-20 11:${String(i % 60).padStart(2, "0")}:00.000`,
      `line ${i} ${"x".repeat(60)}`,
    ]);
    const message = renderInsightsAnswer({ ...RESULT, rows });
    expect(message.upload?.filename).toBe("api-errors.csv");
    expect(message.upload?.content.split("\r\n").length).toBeGreaterThan(400);
    for (const block of message.blocks)
      if (block.type === "section") expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
  });

  it("says why results are partial", () => {
    const message = renderInsightsAnswer({
      ...RESULT,
      partial: true,
      partialReason: "timeout",
      note: "Stopped after 120s.",
    });
    expect(allText(message.blocks)).toContain("Partial results.* Stopped after 120s.");
    expect(message.text).toContain("(partial)");
  });

  it("renders the template list with usage lines", () => {
    const message = renderInsightsAnswer({
      kind: "list",
      templates: [
        {
          name: "api-request",
          description: "One request",
          usage: "api-request reqId=<id> [window]",
          params: [],
        },
      ],
    });
    expect(allText(message.blocks)).toContain("`/insights api-request reqId=&lt;id&gt; [window]`");
  });

  it("renders usage, denied and failed answers", () => {
    expect(
      renderInsightsAnswer({
        kind: "usage",
        message: "Parameter x is required.",
        usage: "/insights t x=<id>",
      }).text,
    ).toBe("Parameter x is required.");
    expect(
      allText(renderInsightsAnswer({ kind: "denied", templateName: "t", reason: "not here" }).blocks),
    ).toContain(":no_entry:");
    const failed = renderInsightsAnswer({
      kind: "failed",
      templateName: "t",
      code: "insights_access_denied",
      message: "grant logs:StartQuery",
      consoleUrl: RESULT.consoleUrl,
    });
    expect(failed.blocks.map((b) => b.type)).toEqual(["section", "actions"]);
  });
});
