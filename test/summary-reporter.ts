import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints one plain closing line, `tests: N passed, N failed`, after the default reporter's summary, so CI logs
 * and tools that read a run's last line see the counts in a fixed shape.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    // A file that throws before its tests run (e.g. no browser with CI=true) has no tests to count.
    let brokenFiles = 0;
    for (const module of testModules) {
      if (module.errors().length > 0) brokenFiles++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    process.stdout.write(
      `\ntests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}${brokenFiles > 0 ? `, ${brokenFiles} file${brokenFiles === 1 ? "" : "s"} failed outside tests` : ""}\n`,
    );
  }
}
