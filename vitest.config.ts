import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

// The CDK app in deploy/ has its own dependencies (`npm ci --prefix deploy`); without them its tests are left
// out locally, with a note, but never in CI.
const deployTests =
  existsSync(new URL("./deploy/node_modules/aws-cdk-lib", import.meta.url)) || process.env.CI === "true";
if (!deployTests) console.warn("deploy/ tests left out: run `npm ci --prefix deploy` to include them");

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", ...(deployTests ? ["deploy/test/**/*.test.ts"] : [])],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // Finds a browser once per run; without one the browser tests skip (or fail with CI=true).
    globalSetup: ["./test/support/browser-global-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
