#!/usr/bin/env node
// Builds dist/ when it is missing or older than the TypeScript sources, so `npm start` and `bin/klaxon.js` in a
// checkout always run the current code while staying one command. In an installed package or the Docker image
// there is no src/ and nothing to do. Plain JavaScript: it must run before anything is compiled.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserAssetsBuilt } from "./copy-browser-assets.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The newest modification time (ms) of any file under `dir`, 0 when empty. */
export function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Whether `dist/` must be (re)built: `dist/start.js` or the playground page's files missing, or `dist/start.js`
 * older than a file in `src/` or a tsconfig.
 * Returns false when there is no `src/` (an installed package runs what it shipped).
 */
export function needsBuild(root = ROOT) {
  const src = join(root, "src");
  if (!existsSync(src)) return false;
  const entry = join(root, "dist", "start.js");
  if (!existsSync(entry) || !browserAssetsBuilt(root)) return true;
  const configs = ["tsconfig.json", "scripts/build.mjs"]
    .map((f) => join(root, f))
    .filter((f) => existsSync(f))
    .map((f) => statSync(f).mtimeMs);
  return Math.max(newestMtime(src), ...configs) > statSync(entry).mtimeMs;
}

/**
 * Runs `scripts/build.mjs` (the esbuild bundle) when {@link needsBuild}; its output goes to stderr so a command's
 * stdout stays its own. On failure the entry point is removed, so the next start tries again instead of running
 * a half-built tree. Returns the exit status (0 when nothing was needed).
 */
export function buildIfStale(root = ROOT) {
  if (!needsBuild(root)) return 0;
  try {
    createRequire(join(root, "package.json")).resolve("esbuild");
  } catch {
    process.stderr.write(
      "klaxon: dist/ is missing or older than src/, and esbuild is not installed to build it. Run `npm install` (with dev dependencies), then `npm run build`.\n",
    );
    return 1;
  }
  process.stderr.write("klaxon: building dist/ (sources changed since the last build)…\n");
  const result = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], {
    cwd: root,
    stdio: ["ignore", 2, 2],
  });
  if (result.status === 0) return 0;
  rmSync(join(root, "dist", "start.js"), { force: true });
  process.stderr.write(
    "klaxon: the build failed (see above); fix the errors or run `npm run dev` from source.\n",
  );
  return result.status ?? 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = buildIfStale();
}
