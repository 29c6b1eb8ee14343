import { type Browser, chromium } from "playwright-core";
import { inject } from "vitest";

/**
 * The browser this run's browser tests use, as decided by the global setup: its path, or `undefined` when the
 * tests skip. Throws (failing the file) when they must run but cannot: `CI=true` without a browser, or
 * `KLAXON_CHROMIUM` naming a missing file.
 */
export function testBrowser(): string | undefined {
  const decision = inject("browser");
  if ("fail" in decision) throw new Error(decision.fail);
  return "run" in decision ? decision.run : undefined;
}

/** Flags for headless Chromium in a container or on a laptop: no sandbox, no GPU, no background traffic. */
const BROWSER_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches the run's browser headless; called only inside a `describe.skipIf` that checked it exists. */
export async function launchTestBrowser(path: string | undefined): Promise<Browser> {
  if (path === undefined) throw new Error("no browser for this run; guard the suite with describe.skipIf");
  return chromium.launch({ executablePath: path, args: BROWSER_ARGS });
}
