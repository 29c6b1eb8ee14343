import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import {
  BROWSER_ASSET_DIR,
  type BrowserAsset,
  loadBrowserAssets,
} from "../../../../src/playground/web/browser-assets.js";
import { PlaygroundAssetError } from "../../../../src/playground/web/errors.js";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SOURCE_DIR = join(ROOT, "src", "playground", "web", "browser");

interface CopyScript {
  copyBrowserAssets(root: string): number;
}
interface BuildScript {
  needsBuild(root: string): boolean;
}
// Plain JavaScript build scripts (they run before anything is compiled): imported by URL, typed here.
const copyScript = (await import(
  pathToFileURL(join(ROOT, "scripts", "copy-browser-assets.mjs")).href
)) as CopyScript;
const buildScript = (await import(
  pathToFileURL(join(ROOT, "scripts", "build-if-stale.mjs")).href
)) as BuildScript;

const temps: string[] = [];
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-assets-"));
  temps.push(dir);
  return dir;
}

/** A checkout in a temp dir with the real browser files under src/ and a start.js in dist/. */
function checkout(): string {
  const root = tempRoot();
  cpSync(SOURCE_DIR, join(root, "src", "playground", "web", "browser"), { recursive: true });
  mkdirSync(join(root, "dist"), { recursive: true });
  writeFileSync(join(root, "dist", "start.js"), "");
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(root, "dist", "start.js"), later, later);
  return root;
}

const summary = (assets: BrowserAsset[]): [string, string, number][] =>
  assets.map((a) => [a.path, a.type, a.body.length]);

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the playground page's browser files", () => {
  it("are read from src/ when running from source: every script module and stylesheet, no type declarations", () => {
    // Act
    const assets = loadBrowserAssets();
    // Assess
    expect(fileURLToPath(BROWSER_ASSET_DIR)).toBe(`${SOURCE_DIR}/`);
    expect(assets.map((a) => a.path)).toEqual([
      "/playground/app.css",
      "/playground/app.js",
      "/playground/emoji.js",
      "/playground/messages.css",
      "/playground/mrkdwn.js",
      "/playground/page-controls.js",
      "/playground/page-state.js",
      "/playground/page.js",
      "/playground/render-blocks.js",
      "/playground/render-layout.js",
    ]);
    expect(assets.find((a) => a.path.endsWith(".css"))?.type).toBe("text/css; charset=utf-8");
    expect(assets.find((a) => a.path.endsWith(".js"))?.type).toBe("text/javascript; charset=utf-8");
    expect(assets.every((a) => a.path.endsWith(".js") === a.body.startsWith("// @ts-check"))).toBe(true);
  });

  it("are found next to the compiled module in dist/ once the build copies them", async () => {
    // Prepare: the build's copy step, and the module compiled into the same place as tsc puts it
    const root = checkout();
    const copied = copyScript.copyBrowserAssets(root);
    const compiled = join(root, "dist", "playground", "web", "browser-assets.js");
    buildSync({
      entryPoints: [join(ROOT, "src", "playground", "web", "browser-assets.ts")],
      outfile: compiled,
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
    });
    const built = (await import(
      pathToFileURL(compiled).href
    )) as typeof import("../../../../src/playground/web/browser-assets.js");
    // Act
    const assets = built.loadBrowserAssets();
    // Assess
    expect(fileURLToPath(built.BROWSER_ASSET_DIR)).toBe(
      join(root, "dist", "playground", "web", "browser") + "/",
    );
    expect(copied).toBe(assets.length);
    expect(summary(assets)).toEqual(summary(loadBrowserAssets()));
    expect(readFileSync(join(root, "dist", "playground", "web", "browser", "app.js"), "utf8")).toBe(
      readFileSync(join(SOURCE_DIR, "app.js"), "utf8"),
    );
  });

  it("make a build without them stale, so `npm start` rebuilds instead of serving a page with no script", () => {
    // Prepare
    const root = checkout();
    // Act
    const before = buildScript.needsBuild(root);
    copyScript.copyBrowserAssets(root);
    const after = buildScript.needsBuild(root);
    // Assess
    expect(before).toBe(true);
    expect(after).toBe(false);
  });

  it("when missing, stop the playground with an error that names the folder and the fix", () => {
    // Prepare
    const empty = pathToFileURL(`${tempRoot()}/browser/`);
    // Act
    const load = (): BrowserAsset[] => loadBrowserAssets(empty);
    // Assess
    expect(load).toThrow(PlaygroundAssetError);
    expect(load).toThrow(/browser.*npm run build/s);
  });

  it("reach the npm package and the image: the build copies them into dist/, which both ship", () => {
    // Prepare
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      files: string[];
    };
    const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    const buildStage = dockerfile.slice(
      dockerfile.indexOf("AS build"),
      dockerfile.indexOf("RUN npm run build"),
    );
    // Assess
    expect(pkg.scripts.build).toBe("node scripts/build.mjs");
    expect(pkg.files).toContain("dist");
    expect(buildStage).toContain("COPY scripts/build.mjs");
    expect(readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n")).toContain("!scripts/build.mjs");
  });
});
