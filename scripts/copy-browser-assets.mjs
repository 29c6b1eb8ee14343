#!/usr/bin/env node
// The playground page's browser files (ES modules and stylesheets, served as they are written) live in
// src/playground/web/browser and are served from dist/playground/web/browser after a build: scripts/build.mjs copies
// every file of src/ that is not TypeScript. This module says whether a dist/ has them (an older build without
// them is stale for scripts/build-if-stale.mjs) and copies them on their own for the tests of the built layout.
// Plain JavaScript: it runs before anything is compiled.
import { cpSync, existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The folder, under both src/ and dist/, that holds the page's browser files. */
export const BROWSER_ASSETS = join("playground", "web", "browser");

/**
 * Replaces `dist/playground/web/browser/` with the `.js` and `.css` files of `src/playground/web/browser/`
 * (the type declarations there are for the type checker only). Returns the number of files copied.
 */
export function copyBrowserAssets(root = ROOT) {
  const from = join(root, "src", BROWSER_ASSETS);
  const to = join(root, "dist", BROWSER_ASSETS);
  rmSync(to, { recursive: true, force: true });
  let copied = 0;
  cpSync(from, to, {
    recursive: true,
    filter: (path) => {
      if (statSync(path).isDirectory()) return true;
      const wanted = /\.(js|css)$/.test(path);
      if (wanted) copied += 1;
      return wanted;
    },
  });
  return copied;
}

/** Whether `dist/` has the page's entry module (a build from before it was copied does not). */
export function browserAssetsBuilt(root = ROOT) {
  return existsSync(join(root, "dist", BROWSER_ASSETS, "app.js"));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  copyBrowserAssets();
}
