import * as nodeModule from "node:module";

// Node ≥ 22.1 can keep the compiled code of the modules loaded after this on disk, so a restart skips most of
// the compiling (the image runs Node 24). Node 20 has no such cache; there, and if the cache cannot be used
// (no writable temp folder), klaxon starts as before.
try {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // Starting without the cache is only slower.
}

// Loaded after the cache is on, so that it covers them.
const { runCli } = await import("./cli/run-cli.js");

// `npm start` and the Docker image's entry point: `klaxon start` (the playground when no Slack settings are set).
runCli(["start"])
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`klaxon failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
