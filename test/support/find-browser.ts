import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, posix, win32 } from "node:path";

/** What the search may look at; everything is injected so the search is testable on any machine. */
export interface BrowserSearchInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly exists: (path: string) => boolean;
  readonly home: string;
  /** Where `npx playwright-core install chromium` puts its browser (`chromium.executablePath()`), if known. */
  readonly playwrightPath?: string;
}

/** The outcome of the search: a browser, none at all, or an environment variable pointing at nothing. */
export type BrowserSearch =
  | { readonly kind: "found"; readonly path: string; readonly source: string }
  | { readonly kind: "missing"; readonly searched: readonly string[] }
  | { readonly kind: "bad-env"; readonly variable: string; readonly path: string };

/** Variables naming a browser explicitly, first wins: ours, then the one Playwright setups commonly use. */
export const BROWSER_ENV_VARS = ["KLAXON_CHROMIUM", "PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH"] as const;

/**
 * Replaces the built-in candidate list (entries separated like PATH); empty means "look nowhere", which is how
 * the skip path is exercised on a machine that has a browser.
 */
export const SEARCH_PATHS_VAR = "KLAXON_BROWSER_SEARCH_PATHS";

const LINUX_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome"];
const LINUX_DIRS = ["/usr/bin", "/usr/local/bin", "/snap/bin"];

/**
 * The usual places of Chromium and Chrome on one platform, in the order they are tried: the `PATH` entries
 * and the system folders on Linux, the application bundles on macOS, the per-machine and per-user installs on
 * Windows, and last Playwright's own download.
 */
export function browserCandidates(input: Omit<BrowserSearchInput, "exists">): string[] {
  const { env, platform, home } = input;
  const override = env[SEARCH_PATHS_VAR];
  if (override !== undefined) return override.split(delimiter).filter((p) => p !== "");
  const candidates: string[] = [];
  if (platform === "darwin") {
    for (const root of ["/Applications", posix.join(home, "Applications")]) {
      candidates.push(
        posix.join(root, "Chromium.app/Contents/MacOS/Chromium"),
        posix.join(root, "Google Chrome.app/Contents/MacOS/Google Chrome"),
        posix.join(root, "Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing"),
      );
    }
  } else if (platform === "win32") {
    const roots = [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].filter(
      (r): r is string => r !== undefined && r !== "",
    );
    for (const root of roots) {
      candidates.push(
        win32.join(root, "Chromium", "Application", "chrome.exe"),
        win32.join(root, "Google", "Chrome", "Application", "chrome.exe"),
        win32.join(root, "Microsoft", "Edge", "Application", "msedge.exe"),
      );
    }
  } else {
    const pathDirs = (env.PATH ?? "").split(posix.delimiter).filter((d) => d !== "");
    const dirs = [...new Set([...pathDirs, ...LINUX_DIRS])];
    for (const name of LINUX_NAMES) for (const dir of dirs) candidates.push(posix.join(dir, name));
    candidates.push("/opt/google/chrome/chrome");
  }
  if (input.playwrightPath) candidates.push(input.playwrightPath);
  return candidates;
}

/**
 * Finds a Chromium-based browser for the browser tests: `KLAXON_CHROMIUM`, then
 * `PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH`, then {@link browserCandidates}. A variable that is set but names a
 * missing file is reported as such rather than skipped over, since someone asked for that browser.
 */
export function findBrowser(input: BrowserSearchInput): BrowserSearch {
  for (const variable of BROWSER_ENV_VARS) {
    const path = input.env[variable];
    if (path === undefined || path === "") continue;
    return input.exists(path)
      ? { kind: "found", path, source: variable }
      : { kind: "bad-env", variable, path };
  }
  const searched = browserCandidates(input);
  const path = searched.find((p) => input.exists(p));
  return path === undefined ? { kind: "missing", searched } : { kind: "found", path, source: "search" };
}

/** Run with this browser, skip with a line, or fail with a message. */
export type BrowserDecision =
  | { readonly run: string }
  | { readonly skip: string }
  | { readonly fail: string };

/** The one line shown when the browser tests are skipped, saying how to run them. */
export const SKIP_LINE =
  "browser tests skipped: no Chromium or Chrome found. Install one (apt-get install chromium, brew install --cask chromium, or npx playwright-core install chromium) or set KLAXON_CHROMIUM=/path/to/chrome.";

/**
 * What a browser test file should do: run with this browser, skip (no browser on a developer machine), or fail
 * with a message (no browser with `CI=true`, or a variable naming a missing file).
 */
export function browserDecision(
  search: BrowserSearch,
  env: Readonly<Record<string, string | undefined>>,
): BrowserDecision {
  if (search.kind === "found") return { run: search.path };
  if (search.kind === "bad-env") {
    return {
      fail: `${search.variable}=${search.path}: no such file; point it at a Chromium or Chrome binary`,
    };
  }
  if (env.CI === "true" || env.CI === "1") {
    return {
      fail: `CI=${env.CI} and no browser found (looked in ${search.searched.length} places): the browser tests must run in CI. Install chromium or set KLAXON_CHROMIUM.`,
    };
  }
  return { skip: SKIP_LINE };
}

/** {@link findBrowser} on this machine. */
export function findBrowserHere(
  env: Readonly<Record<string, string | undefined>>,
  playwrightPath?: string,
): BrowserSearch {
  return findBrowser({
    env,
    platform: process.platform,
    exists: existsSync,
    home: homedir(),
    ...(playwrightPath !== undefined && { playwrightPath }),
  });
}
