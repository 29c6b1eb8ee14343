import { describe, expect, it } from "vitest";
import {
  parseInsightsTime,
  rowsToBinPoints,
  rowsToErrorEvents,
  rowsToStreamCounts,
} from "../../../src/error-summary/parse-insights-rows.js";

describe("parseInsightsTime", () => {
  it("reads CloudWatch's zone-less UTC format and ISO 8601", () => {
    expect(parseInsightsTime("2024-05-01 10:15:00.000")).toEqual(new Date("2024-05-01T10:15:00Z"));
    expect(parseInsightsTime("2024-05-01T12:15:00+02:00")).toEqual(new Date("2024-05-01T10:15:00Z"));
    expect(parseInsightsTime("yesterday")).toBeUndefined();
  });
});

describe("row parsers", () => {
  it("reads bin rows and counts the unreadable ones", () => {
    const rows = [
      [
        { field: "bin(5m)", value: "2024-05-01 10:05:00.000" },
        { field: "errors", value: "42" },
      ],
      [
        { field: "bin(5m)", value: "not a time" },
        { field: "errors", value: "1" },
      ],
      [{ field: "bin(5m)", value: "2024-05-01 10:10:00.000" }],
    ];

    const parsed = rowsToBinPoints(rows);

    expect(parsed).toEqual({ items: [{ time: new Date("2024-05-01T10:05:00Z"), count: 42 }], skipped: 2 });
  });

  it("reads message rows by the service's message field", () => {
    const rows = [
      [
        { field: "log_processed.message", value: "Mongo write failed" },
        { field: "n", value: "17" },
      ],
    ];

    expect(rowsToErrorEvents(rows, "log_processed.message").items).toEqual([
      { message: "Mongo write failed", count: 17 },
    ]);
  });

  it("reads stream rows", () => {
    const rows = [
      [
        { field: "@logStream", value: "ecs/backend/a1b2c3" },
        { field: "n", value: "5" },
      ],
      [
        { field: "@logStream", value: "ecs/backend/x" },
        { field: "n", value: "-1" },
      ],
    ];

    expect(rowsToStreamCounts(rows)).toEqual({
      items: [{ stream: "ecs/backend/a1b2c3", count: 5 }],
      skipped: 1,
    });
  });
});
