import { runHostileErrors } from "../test/e2e/run-hostile-errors.js";
import { hostileLineShapes } from "../test/fakes/hostile-logs.js";
import { timeMasking } from "../test/fakes/mask-timing.js";
import { type BenchRow, numericArgs, percentile, row } from "./lib/stats.js";

/** Sizes of the hostile-log-lines benchmark. */
export const HOSTILE_DEFAULTS = { perWindow: 250, maskRuns: 20 };

/** Slack and load balancers expect answers in well under a second; the acceptance budget for one probe. */
const PROBE_BUDGET_MS = 200;

// The e-mail rule as it was before it was bounded: its unbounded local part re-scans every run of address
// characters from each position, so its time grows with the square of the run. Kept here as the baseline.
const UNBOUNDED_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const BOUNDED_EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;

function timeOnce(pattern: RegExp, line: string): number {
  const started = performance.now();
  line.replace(pattern, "x");
  return performance.now() - started;
}

/**
 * Hostile log lines: masking time per 64 KB line over twelve adversarial shapes, the e-mail rule on one 64 KB run
 * bounded versus the old unbounded pattern, and `/errors` over `3 × perWindow` distinct 4.7 KB hostile lines on
 * the local engine with klaxon as its own process while `/healthz` is probed every 100 ms from another thread.
 */
export async function runHostileBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, HOSTILE_DEFAULTS);
  const masking = timeMasking(o.maskRuns);
  const run = hostileLineShapes().digits ?? "";
  const bounded = timeOnce(BOUNDED_EMAIL, run);
  const unbounded = timeOnce(UNBOUNDED_EMAIL, run);
  const errors = await runHostileErrors(o.perWindow, 600_000);
  const lines = `${errors.lines} lines, ${(errors.bytes / 1e6).toFixed(1)} MB`;
  return [
    row(
      `hostile: maskMessage per 64 KB line (worst of ${masking.shapes} shapes: ${masking.worstShape})`,
      masking.perLineMs,
      "ms",
    ),
    row(
      `hostile: one mask rule over a whole 64 KB line (worst: ${masking.worstRule})`,
      masking.worstRuleMs,
      "ms",
    ),
    row(
      "hostile: e-mail rule on a 64 KB run, bounded vs the old unbounded pattern",
      bounded,
      "ms",
      unbounded,
    ),
    row(
      `hostile: /healthz max latency during /errors (${lines}) vs budget`,
      errors.probes.maxMs,
      "ms",
      PROBE_BUDGET_MS,
    ),
    row(
      "hostile: /healthz max latency vs a hello-world process probed at the same time",
      errors.probes.maxMs,
      "ms",
      errors.control.maxMs,
    ),
    row(
      `hostile: /healthz p50 latency during /errors (${lines})`,
      percentile(errors.probes.latenciesMs, 50),
      "ms",
    ),
    row(`hostile: /errors summary and chart posted (${lines}, local engine)`, errors.errorsMs, "ms"),
  ];
}
