import { runCli } from "./cli/run-cli.js";

// `npm start` and the Docker image's entry point: `klaxon start` (the playground when no Slack settings are set).
runCli(["start"])
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`klaxon failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
