import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { ComparedPattern } from "../../../../src/error-summary/compare-patterns.js";
import type { ErrorSummary } from "../../../../src/error-summary/summarize-errors.js";
import { buildErrorSummaryBlocks } from "../../../../src/slack/blocks/error-summary-blocks.js";

const START = new Date("2024-05-01T10:00:00Z");
const BASE_START = new Date("2024-05-01T09:00:00Z");

function pattern(overrides: Partial<ComparedPattern> & { pattern: string; count: number }): ComparedPattern {
  return {
    share: overrides.count / 1240,
    sample: overrides.pattern,
    streams: [],
    baselineCount: 0,
    isNew: true,
    rising: false,
    ratio: null,
    ...overrides,
  };
}

function spikeSummary(overrides: Partial<ErrorSummary> = {}): ErrorSummary {
  return {
    binSeconds: 300,
    totalCurrent: 1240,
    totalBaseline: 85,
    ratio: 1240 / 85,
    threshold: 14.3,
    spike: {
      start: new Date("2024-05-01T10:30:00Z"),
      peakBin: new Date("2024-05-01T10:40:00Z"),
      end: new Date("2024-05-01T11:00:00Z"),
      peakCount: 412,
      size: { ratio: 412 / (85 / 12), excess: 1150 },
    },
    series: { start: START, binSeconds: 300, counts: [6, 7, 8, 7, 6, 8, 150, 310, 412, 180, 80, 66] },
    baselineSeries: { start: BASE_START, binSeconds: 300, counts: [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8] },
    patterns: [
      pattern({
        pattern: "ConnectionError: HTTPConnectionPool(host='<ip>', port=<num>): Max retries exceeded",
        count: 1000,
        sample: "ConnectionError: HTTPConnectionPool(host='10.0.3.17', port=5432): Max retries exceeded",
      }),
      pattern({
        pattern: "Unauthorized: token expired for user <num>",
        count: 9,
        isNew: false,
        rising: true,
        ratio: 3,
        baselineCount: 3,
      }),
      pattern({ pattern: "KeyError: 'symbol'", count: 4, isNew: false, ratio: 1, baselineCount: 4 }),
    ],
    newPatternCount: 1,
    streams: [
      { stream: "ecs/tradai-backend/0a1b2c3d4e5f", count: 800, share: 800 / 1240 },
      { stream: "ecs/tradai-backend/9f8e7d6c5b4a", count: 300, share: 300 / 1240 },
    ],
    ...overrides,
  };
}

function texts(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === "section") return block.text === undefined ? [] : [block.text.text];
    if (block.type === "context") return block.elements.flatMap((e) => ("text" in e ? [e.text] : []));
    return [];
  });
}

describe("buildErrorSummaryBlocks", () => {
  it("leads with totals, the window and the ratio", () => {
    const message = buildErrorSummaryBlocks(spikeSummary(), {
      service: "tradai-backend",
      windowText: "the last 1 h",
    });

    expect(message.text).toBe("Errors in tradai-backend: 1,240 in the last 1 h vs 85 before (14.6×)");
    expect(texts(message.blocks)[0]).toBe(
      "*Errors in tradai-backend: 1,240 in the last 1 h vs 85 before (14.6×)*",
    );
  });

  it("draws baseline and current on one sparkline scale", () => {
    const message = buildErrorSummaryBlocks(spikeSummary(), { service: "svc", windowText: "the last 1 h" });

    expect(texts(message.blocks)[1]).toBe("`▁▁▁▁▁▁▁▁▁▁▁▁` before  →  `▁▁▁▁▁▁▄▆█▄▂▂` now");
  });

  it("says when the spike started with Slack date tokens", () => {
    const message = buildErrorSummaryBlocks(spikeSummary(), { service: "svc", windowText: "the last 1 h" });

    const spikeLine = texts(message.blocks).find((t) => t.includes("Spike started"));
    expect(spikeLine).toBe(
      ":chart_with_upwards_trend: Spike started <!date^1714559400^{date_short_pretty} {time}|2024-05-01T10:30:00Z>, peak 412 errors per 5 min at <!date^1714560000^{date_short_pretty} {time}|2024-05-01T10:40:00Z> (58.2× the usual per 5 min; 1,150 above normal).",
    );
  });

  it("lists patterns with 🆕 for new and ↑ for rising ones", () => {
    const message = buildErrorSummaryBlocks(spikeSummary(), { service: "svc", windowText: "the last 1 h" });

    const list = texts(message.blocks).find((t) => t.startsWith("*Top patterns*"));
    expect(list).toBe(
      [
        "*Top patterns* (1 new)",
        "• 🆕 1,000 (81%, new) `ConnectionError: HTTPConnectionPool(host='&lt;ip&gt;', port=&lt;num&gt;): Max retries exceeded`",
        "• ↑ 9 (&lt;1%, 3.0× vs 3 before) `Unauthorized: token expired for user &lt;num&gt;`",
        "• 4 (&lt;1%, 1.0× vs 4 before) `KeyError: 'symbol'`",
      ].join("\n"),
    );
  });

  it("lists top streams with their shares", () => {
    const message = buildErrorSummaryBlocks(spikeSummary(), { service: "svc", windowText: "the last 1 h" });

    expect(texts(message.blocks)).toContain(
      "*Top streams*\n• 800 (65%) `ecs/tradai-backend/0a1b2c3d4e5f`\n• 300 (24%) `ecs/tradai-backend/9f8e7d6c5b4a`",
    );
  });

  it("neutralises mentions, links and secrets in log text", () => {
    const hostile = spikeSummary({
      patterns: [
        pattern({
          pattern: "<!channel> see <https://evil.example|docs> `code` AKIAIOSFODNN7EXAMPLE",
          count: 5,
          sample: "<!here> login failed for <@U123> key AKIAIOSFODNN7EXAMPLE",
        }),
      ],
      streams: [{ stream: "<!everyone>", count: 5, share: 1 }],
    });

    const message = buildErrorSummaryBlocks(hostile, { service: "<@U999>", windowText: "the last 1 h" });

    const all = texts(message.blocks).join("\n");
    expect(all).not.toMatch(/<!(channel|here|everyone)>|<@U|<https:\/\/evil/);
    expect(all).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(message.text).not.toContain("<@U999>");
  });

  it("says there is no spike and shows no counts as zero errors", () => {
    const { spike: _dropped, ...rest } = spikeSummary();
    const quiet: ErrorSummary = {
      ...rest,
      totalCurrent: 0,
      ratio: 0,
      patterns: [],
      streams: [],
      newPatternCount: 0,
    };

    const message = buildErrorSummaryBlocks(quiet, { service: "svc", windowText: "the last 1 h" });

    expect(message.text).toBe("No errors in svc in the last 1 h (85 before)");
    expect(texts(message.blocks)).toContain(
      "No spike: no 5 min bin went above 14 errors, the usual range for this service.",
    );
    expect(texts(message.blocks).some((t) => t.startsWith("*Top patterns*"))).toBe(false);
  });

  it("says 'none before' when the baseline had no errors", () => {
    const message = buildErrorSummaryBlocks(spikeSummary({ totalBaseline: 0, ratio: null }), {
      service: "svc",
      windowText: "the last 1 h",
    });

    expect(message.text).toBe("Errors in svc: 1,240 in the last 1 h vs 0 before (none before)");
  });

  it("adds a safe console link", () => {
    const url =
      "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D~(a~'b|c)";

    const message = buildErrorSummaryBlocks(spikeSummary(), {
      service: "svc",
      windowText: "1 h",
      consoleUrl: url,
    });

    expect(texts(message.blocks).at(-1)).toBe(
      "<https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D~(a~'b%7Cc)|Open these errors in Logs Insights>",
    );
  });

  it("stays within Block Kit limits with many long patterns and streams", () => {
    const long = "x".repeat(5000);
    const big = spikeSummary({
      patterns: Array.from({ length: 200 }, (_, i) =>
        pattern({ pattern: `${i} ${long}`, count: 1000 - i, sample: long }),
      ),
      streams: Array.from({ length: 50 }, (_, i) => ({ stream: `${i}-${long}`, count: 10, share: 0.01 })),
    });

    const message = buildErrorSummaryBlocks(big, { service: "s".repeat(500), windowText: "w".repeat(500) });

    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) {
      if (block.type === "section") expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      if (block.type === "context") {
        for (const e of block.elements) if ("text" in e) expect(e.text.length).toBeLessThanOrEqual(2000);
      }
    }
    expect(texts(message.blocks).join("").length).toBeLessThanOrEqual(12000);
    expect(texts(message.blocks).find((t) => t.startsWith("*Top patterns*"))).toMatch(/…and \d+ more$/);
  });
});
