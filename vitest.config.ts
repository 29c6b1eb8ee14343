import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // Finds a browser once per run; without one the browser tests skip (or fail with CI=true).
    globalSetup: ["./test/support/browser-global-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
