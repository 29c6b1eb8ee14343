import { afterAll, describe, expect, it } from "vitest";
import {
  createPooledErrorSummaryWork,
  errorSummaryWorkerEntry,
  inlineErrorSummaryWork,
} from "../../../src/error-summary/error-summary-work.js";
import type { SummarizeErrorsInput } from "../../../src/error-summary/summarize-errors.js";
import { createWorkerPool } from "../../../src/shared/worker-pool.js";

const NOW = Date.parse("2024-05-01T11:00:00Z");
const HOUR = 3600_000;

function window(startMs: number, counts: readonly number[], messages: readonly string[]) {
  return {
    start: new Date(startMs),
    end: new Date(startMs + HOUR),
    bins: counts.map((count, i) => ({ time: new Date(startMs + i * 300_000), count })),
    messages: messages.map((message, i) => ({ message, count: 10 + i, time: new Date(startMs + i * 1000) })),
    streams: [{ stream: "ecs/api/0a1b2c3d", count: 12 }],
  };
}

const INPUT: SummarizeErrorsInput = {
  current: window(
    NOW - HOUR,
    [5, 4, 6, 5, 4, 5, 148, 310, 402, 180, 90, 60],
    ["Timeout after 3021 ms for bob@example.com", "Timeout after 12 ms for amy@example.com", "KeyError: 'x'"],
  ),
  baseline: window(NOW - 2 * HOUR, [6, 5, 5, 7, 6, 4, 5, 6, 5, 6, 7, 5], ["KeyError: 'y'"]),
  binSeconds: 300,
};

describe("createPooledErrorSummaryWork", () => {
  const pool = createWorkerPool({ entry: errorSummaryWorkerEntry(), size: 1 });
  const pooled = createPooledErrorSummaryWork(pool);

  afterAll(async () => {
    await pool.close();
  });

  it("summarises in a worker thread exactly as inline, dates included", async () => {
    // Prepare
    const inline = await inlineErrorSummaryWork.summarize(INPUT);

    // Act
    const summary = await pooled.summarize(INPUT);

    // Assess
    expect(summary).toEqual(inline);
    expect(summary.spike?.start).toBeInstanceOf(Date);
    expect(summary.patterns[0]?.pattern).toBe("Timeout after <num> ms for <email>");
  });

  it("draws the same chart PNG in a worker thread, as a Buffer", async () => {
    const summary = await inlineErrorSummaryWork.summarize(INPUT);

    const png = await pooled.chartPng(summary);

    expect(Buffer.isBuffer(png)).toBe(true);
    expect(png.equals(await inlineErrorSummaryWork.chartPng(summary))).toBe(true);
  });
});
