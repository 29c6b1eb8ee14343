import { delimiter, posix, win32 } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type BrowserSearchInput,
  browserCandidates,
  browserDecision,
  findBrowser,
  SKIP_LINE,
} from "../../support/find-browser.js";

const DEBIAN_CHROMIUM = posix.join("/usr", "bin", "chromium");

function input(overrides: Partial<BrowserSearchInput> & { files?: readonly string[] }): BrowserSearchInput {
  const files = new Set(overrides.files ?? []);
  return {
    env: {},
    platform: "linux",
    home: "/home/dev",
    exists: (path) => files.has(path),
    ...overrides,
  };
}

describe("findBrowser", () => {
  it("takes KLAXON_CHROMIUM before anything on the machine", () => {
    // Prepare
    const search = input({
      env: { KLAXON_CHROMIUM: "/opt/chrome/chrome", PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: "/pw/chrome" },
      files: ["/opt/chrome/chrome", "/pw/chrome", DEBIAN_CHROMIUM],
    });

    // Act
    const found = findBrowser(search);

    // Assess
    expect(found).toEqual({ kind: "found", path: "/opt/chrome/chrome", source: "KLAXON_CHROMIUM" });
  });

  it("falls back to PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH when KLAXON_CHROMIUM is unset or empty", () => {
    // Act
    const found = findBrowser(
      input({
        env: { KLAXON_CHROMIUM: "", PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: "/pw/chrome" },
        files: ["/pw/chrome"],
      }),
    );

    // Assess
    expect(found).toMatchObject({ kind: "found", path: "/pw/chrome" });
  });

  it("reports a variable that names a missing file instead of searching on", () => {
    // Act
    const found = findBrowser(input({ env: { KLAXON_CHROMIUM: "/nope/chrome" }, files: [DEBIAN_CHROMIUM] }));

    // Assess
    expect(found).toEqual({ kind: "bad-env", variable: "KLAXON_CHROMIUM", path: "/nope/chrome" });
  });

  it("finds Debian's chromium on Linux with nothing set", () => {
    // Act
    const found = findBrowser(input({ files: [DEBIAN_CHROMIUM] }));

    // Assess
    expect(found).toEqual({ kind: "found", path: DEBIAN_CHROMIUM, source: "search" });
  });

  it("finds Chrome on a Linux PATH entry outside the system folders", () => {
    // Act
    const found = findBrowser(
      input({ env: { PATH: "/home/dev/bin:/usr/bin" }, files: ["/home/dev/bin/google-chrome"] }),
    );

    // Assess
    expect(found).toMatchObject({ kind: "found", path: "/home/dev/bin/google-chrome" });
  });

  it("finds Chrome on macOS and Chrome or Edge on Windows", () => {
    // Prepare
    const mac = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    const edge = win32.join("C:\\Program Files (x86)", "Microsoft", "Edge", "Application", "msedge.exe");

    // Act
    const onMac = findBrowser(input({ platform: "darwin", files: [mac] }));
    const onWindows = findBrowser(
      input({
        platform: "win32",
        env: { PROGRAMFILES: "C:\\Program Files", "PROGRAMFILES(X86)": "C:\\Program Files (x86)" },
        files: [edge],
      }),
    );

    // Assess
    expect(onMac).toMatchObject({ kind: "found", path: mac });
    expect(onWindows).toMatchObject({ kind: "found", path: edge });
  });

  it("uses Playwright's own download last", () => {
    // Act
    const found = findBrowser(
      input({
        playwrightPath: "/home/dev/.cache/ms-playwright/chrome",
        files: ["/home/dev/.cache/ms-playwright/chrome"],
      }),
    );

    // Assess
    expect(found).toMatchObject({ kind: "found", path: "/home/dev/.cache/ms-playwright/chrome" });
  });

  it("searches only KLAXON_BROWSER_SEARCH_PATHS when it is set, nothing when it is empty", () => {
    // Act
    const none = findBrowser(input({ env: { KLAXON_BROWSER_SEARCH_PATHS: "" }, files: [DEBIAN_CHROMIUM] }));
    const listed = browserCandidates(
      input({ env: { KLAXON_BROWSER_SEARCH_PATHS: ["/a/chrome", "/b/chromium"].join(delimiter) } }),
    );

    // Assess
    expect(none).toEqual({ kind: "missing", searched: [] });
    expect(listed).toEqual(["/a/chrome", "/b/chromium"]);
  });
});

describe("browserDecision", () => {
  it("runs with a found browser", () => {
    // Act
    const decision = browserDecision({ kind: "found", path: "/x/chrome", source: "search" }, { CI: "true" });

    // Assess
    expect(decision).toEqual({ run: "/x/chrome" });
  });

  it("skips with one line saying how to enable the tests when no browser is found outside CI", () => {
    // Act
    const decision = browserDecision({ kind: "missing", searched: ["/a"] }, {});

    // Assess
    expect(decision).toEqual({ skip: SKIP_LINE });
    expect(SKIP_LINE).toContain("KLAXON_CHROMIUM");
    expect(SKIP_LINE).not.toContain("\n");
  });

  it("fails with CI=true and no browser, and for a variable naming a missing file", () => {
    // Act
    const inCi = browserDecision({ kind: "missing", searched: [] }, { CI: "true" });
    const badEnv = browserDecision({ kind: "bad-env", variable: "KLAXON_CHROMIUM", path: "/nope" }, {});

    // Assess
    expect(inCi).toMatchObject({ fail: expect.stringContaining("CI=true") });
    expect(badEnv).toMatchObject({ fail: expect.stringContaining("KLAXON_CHROMIUM=/nope") });
  });
});
