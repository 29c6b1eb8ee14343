import { describe, expect, it } from "vitest";
import { runHostileErrors } from "./run-hostile-errors.js";

// 250 distinct 4.7 KB lines in each of the three windows: before pattern masking was linear and ran off the
// main thread, grouping them held the event loop for tens of seconds on a busy 2-core machine. On such a machine
// a lone probe may also wait for a CPU, so an attempt is retried: a stalled loop fails every attempt.
const PER_WINDOW = 250;

describe("the event loop while /errors groups hostile log lines", () => {
  it("answers every 100 ms /healthz probe in under 200 ms until the summary and its chart are posted", {
    timeout: 180_000,
    retry: 2,
  }, async () => {
    // Prepare/Act
    const run = await runHostileErrors(PER_WINDOW);

    // Assess
    expect(run.summaryText).toMatch(/^Errors in hostile: 250 in last 1h vs 250 before/);
    expect(run.summaryBlocks).toContain("&lt;email&gt;");
    expect(run.probes.failures).toEqual([]);
    expect(run.probes.latenciesMs.length).toBeGreaterThanOrEqual(5);
    expect(run.probes.maxMs).toBeLessThan(200);
  });
});
