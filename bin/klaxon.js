#!/usr/bin/env node
// The `klaxon` command: runs the TypeScript CLI through tsx (or the compiled build when present).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "dist", "cli", "run-cli.js");
if (existsSync(built)) {
  const { runCli } = await import(pathToFileURL(built).href);
  process.exitCode = await runCli(process.argv.slice(2));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { runCli } = await import(pathToFileURL(join(root, "src", "cli", "run-cli.ts")).href);
  process.exitCode = await runCli(process.argv.slice(2));
}
