import { processQueryIo, queryCommand } from "./query-command.js";
import { simulateCommand } from "./simulate-command.js";
import { startCommand } from "./start-command.js";
import { validateCommand } from "./validate-command.js";

const USAGE = `usage: klaxon <command>
  start                   run klaxon (the playground when no Slack settings are present)
  validate                check klaxon.yaml, query templates and runbooks; exit 1 on any problem
  simulate <alarm.json>   show how an alarm payload would be routed and rendered, sending nothing
  help                    this text`;

/**
 * The `klaxon` command line. Returns the exit code; `start` keeps the process alive until a signal. The
 * environment is read here, once, and handed to the config loader like everywhere else.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const out = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  switch (command ?? "start") {
    case "start":
      return startCommand(env);
    case "validate":
      return validateCommand(env, out);
    case "query":
      return queryCommand(env, rest, processQueryIo());
    case "simulate":
      return simulateCommand(env, rest, out);
    case "help":
    case "--help":
    case "-h":
      out(USAGE);
      return 0;
    default:
      out(`unknown command ${command}\n${USAGE}`);
      return 2;
  }
}
