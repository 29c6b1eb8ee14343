#!/usr/bin/env node
// The `klaxon` command: runs the compiled CLI in dist/. In a git checkout it first rebuilds dist/ when the
// sources are newer (installed packages and the Docker image ship dist/ only).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const builder = join(root, "scripts", "build-if-stale.mjs");
if (existsSync(join(root, "src")) && existsSync(builder)) {
  const { buildIfStale } = await import(pathToFileURL(builder).href);
  const status = buildIfStale(root);
  if (status !== 0) process.exit(status);
}
const { runCli } = await import(pathToFileURL(join(root, "dist", "cli", "run-cli.js")).href);
process.exitCode = await runCli(process.argv.slice(2));
