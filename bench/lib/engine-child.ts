import { readFileSync } from "node:fs";
import { createLocalLogsBackend } from "../../src/insights/local-engine/local-logs-backend.js";
import type { ResultRow } from "../../src/insights/logs-query-backend.js";

/** What the parent sends (as one JSON argument) and gets back (one JSON line on stdout). */
export interface EngineChildRequest {
  readonly logsDir: string;
  readonly logGroups: readonly string[];
  readonly queryString: string;
  readonly startTime: number;
  readonly endTime: number;
}

export interface EngineChildReply {
  readonly rows: readonly ResultRow[];
  readonly ms: number;
  /** VmHWM of this process: the kernel's exact high-water mark of its resident memory. */
  readonly peakBytes: number;
  /** RSS once the engine's modules were loaded, before the query ran. */
  readonly startBytes: number;
}

function vmHwm(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m?.[1] === undefined ? process.memoryUsage.rss() : Number(m[1]) * 1024;
}

/**
 * Runs one query through the local engine in a process of its own, so its peak RSS is the engine's and not
 * that of the bench that generated a gigabyte of logs first; jq is measured the same way.
 */
async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? "{}") as EngineChildRequest;
  const startBytes = process.memoryUsage.rss();
  const backend = createLocalLogsBackend({
    logsDir: request.logsDir,
    clock: () => new Date(request.endTime * 1000),
  });
  const started = performance.now();
  const id = await backend.startQuery({
    logGroupNames: request.logGroups,
    queryString: request.queryString,
    startTime: request.startTime,
    endTime: request.endTime,
    limit: 10_000_000,
  });
  for (;;) {
    const r = await backend.getQueryResults(id);
    if (r.status === "Complete") {
      const reply: EngineChildReply = {
        rows: r.results,
        ms: performance.now() - started,
        peakBytes: vmHwm(),
        startBytes,
      };
      process.stdout.write(`${JSON.stringify(reply)}\n`);
      return;
    }
    if (r.status !== "Running" && r.status !== "Scheduled") throw new Error(`engine query ended ${r.status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
