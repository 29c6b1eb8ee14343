import { readFileSync } from "node:fs";
import { ConfigError } from "../config/errors.js";
import { type CliIo, processIo } from "./cli-io.js";
import { fileProblem } from "./file-problem.js";

const USAGE = `usage: klaxon <command>
  start                   run klaxon (the playground when no Slack settings are present)
  validate                check klaxon.yaml, query templates and runbooks; exit 1 on any problem
  simulate <alarm.json>   show how an alarm payload would be routed and rendered, sending nothing
  query '<query>' --logs-dir DIR | --log-group G … [--since 1h | --window A..B] [--json | --csv]
  query --template NAME key=value … [window]
                          run a Logs Insights query or template on the local engine or CloudWatch Logs
  help                    this text
  --version               klaxon's version
exit status: 0 ok, 1 problems found, 2 bad usage or an unreadable file or config`;

/** The version in klaxon's package.json (one folder above `src/` and `dist/` alike). */
export function klaxonVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  const version =
    typeof pkg === "object" && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
  return typeof version === "string" ? version : "unknown";
}

/**
 * The `klaxon` command line. Returns the exit code; `start` keeps the process alive until a signal. The
 * environment is read here, once, and handed to the config loader like everywhere else. Results go to `io.out`;
 * usage errors, unknown commands and unreadable files or config go to `io.err` with exit status 2, never as a
 * stack trace. Anything else is a bug and is thrown.
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command ?? "start") {
      // Each command is loaded when used, so `--version` and `help` answer without loading Bolt and the AWS SDK.
      case "start":
        return await (await import("./start-command.js")).startCommand(env, io);
      case "validate":
        return (await import("./validate-command.js")).validateCommand(env, io);
      case "simulate":
        return (await import("./simulate-command.js")).simulateCommand(env, rest, io);
      case "query": {
        const q = await import("./query-command.js");
        return await q.queryCommand(env, rest, q.processQueryIo());
      }
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return 0;
      case "--version":
      case "-v":
      case "version":
        io.out(klaxonVersion());
        return 0;
      default:
        io.err(`klaxon: unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 2;
    }
    const problem = fileProblem(error);
    if (problem === undefined) throw error;
    io.err(`klaxon ${command ?? "start"}: ${problem}`);
    return 2;
  }
}
