import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { type BrowserDecision, browserDecision, findBrowserHere } from "./find-browser.js";

declare module "vitest" {
  export interface ProvidedContext {
    browser: BrowserDecision;
  }
}

/**
 * Vitest global setup: looks for a browser once per run, hands the decision to the browser test files
 * (`inject("browser")`), and prints the skip line once rather than once per file.
 */
export default function setup(project: TestProject): void {
  const decision = browserDecision(findBrowserHere(process.env, chromium.executablePath()), process.env);
  project.provide("browser", decision);
  if ("skip" in decision) process.stderr.write(`\n${decision.skip}\n\n`);
}
