import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../../src/shared/logger.js";
import { periodicTask } from "../../../src/shared/periodic-task.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("periodicTask", () => {
  it("runs on every interval, never two passes at once, goes on after a failure, and stop waits for a pass", async () => {
    // Prepare: passes that finish only when the test says so; the second one fails.
    vi.useFakeTimers();
    const finish: (() => void)[] = [];
    let started = 0;
    const task = periodicTask(
      () => {
        started++;
        const n = started;
        return new Promise<number>((resolve, reject) => {
          finish.push(() => (n === 2 ? reject(new Error("boom")) : resolve(n)));
        });
      },
      { intervalMs: 1_000, logger: silentLogger(), failure: "pass failed", fallback: 0 },
    );

    // Act / Assess
    task.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(started).toBe(1);
    finish[0]?.();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(2);
    finish[1]?.();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(3);
    let stopped = false;
    const stopping = task.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stopped).toBe(false);
    finish[2]?.();
    await stopping;
    expect(started).toBe(3);
  });
});
