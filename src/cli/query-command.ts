import { type ClientOverrides, createAwsClients } from "../aws/create-aws-clients.js";
import { ConfigError } from "../config/errors.js";
import { loadConfig } from "../config/load-config.js";
import { prepareConfig } from "../config/prepare-config.js";
import { bindParams, templateUsage } from "../insights/bind-params.js";
import { createCloudWatchLogsBackend } from "../insights/cloudwatch-logs-backend.js";
import { createLocalLogsBackend, listLogGroups } from "../insights/local-engine/local-logs-backend.js";
import type { LogsQueryBackend } from "../insights/logs-query-backend.js";
import { parseQuery } from "../insights/query-language/parse-query.js";
import { createQueryLimiter } from "../insights/query-limiter.js";
import { renderQuery } from "../insights/query-template.js";
import { formatBytes, runQuery } from "../insights/run-query.js";
import { parseTimeWindow } from "../insights/time-window.js";
import { type Clock, systemClock } from "../shared/clock.js";
import { silentLogger } from "../shared/logger.js";
import {
  formatCsv,
  formatJson,
  formatParseError,
  formatStatistics,
  formatTable,
  toQueryTable,
} from "./format-query-output.js";

/** Where `klaxon query` writes: results to stdout, messages and the progress line to stderr. */
export interface QueryCommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Replaces the progress line (stderr on a terminal); called with "" to clear it. */
  readonly progress: (text: string) => void;
}

/** Test seams: the clock, and the CloudWatch Logs endpoint and credentials (a loopback fake). */
export interface QueryCommandOverrides {
  readonly clock?: Clock;
  readonly logsClient?: ClientOverrides;
}

export const QUERY_USAGE = `usage: klaxon query '<query>' (--logs-dir DIR | --log-group NAME…) [window] [options]
       klaxon query --template NAME [key=value…] [window] [--logs-dir DIR] [options]
window: --since 1h | --since 2026-11-20T10:00Z | --start ISO --end ISO | --window 'A..B' (default 1h)
options: --limit N   --json | --csv (default: an aligned table)   --logs-dir runs the local engine over JSONL`;

/** A raw query may look back this far; the bytes-scanned cap still bounds what it costs. */
const RAW_MAX_WINDOW = "3660d";

interface QueryArgs {
  query: string | undefined;
  template: string | undefined;
  logsDir: string | undefined;
  logGroups: string[];
  since: string | undefined;
  start: string | undefined;
  end: string | undefined;
  window: string | undefined;
  limit: number | undefined;
  format: "table" | "json" | "csv";
  params: [string, string][];
  words: string[];
}

const VALUE_FLAGS = new Set([
  "--logs-dir",
  "--log-group",
  "--template",
  "--since",
  "--start",
  "--end",
  "--window",
  "--limit",
]);

function parseArgs(argv: readonly string[]): QueryArgs | string {
  const args: QueryArgs = {
    query: undefined,
    template: undefined,
    logsDir: undefined,
    logGroups: [],
    since: undefined,
    start: undefined,
    end: undefined,
    window: undefined,
    limit: undefined,
    format: "table",
    params: [],
    words: [],
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === "--json" || flag === "--csv") {
      args.format = flag === "--json" ? "json" : "csv";
      continue;
    }
    if (flag !== undefined && VALUE_FLAGS.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) return `${flag} needs a value`;
      if (flag === "--logs-dir") args.logsDir = value;
      else if (flag === "--log-group") args.logGroups.push(value);
      else if (flag === "--template") args.template = value;
      else if (flag === "--since") args.since = value;
      else if (flag === "--start") args.start = value;
      else if (flag === "--end") args.end = value;
      else if (flag === "--window") args.window = value;
      else if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 10_000)
        return `--limit takes a whole number from 1 to 10000, got ${value}`;
      else args.limit = Number(value);
      continue;
    }
    if (arg.startsWith("--")) return `unknown option ${arg}`;
    positional.push(arg);
  }
  if (args.template === undefined) {
    args.query = positional.shift();
    if (args.query === undefined) return "give the query to run, or --template NAME";
  }
  for (const word of positional) {
    const m = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/s.exec(word);
    if (m?.[1] !== undefined && args.template !== undefined) args.params.push([m[1], m[2] ?? ""]);
    else args.words.push(word);
  }
  if (args.start === undefined && args.end !== undefined) return "--end needs --start";
  return args;
}

function windowText(args: QueryArgs): string {
  // A start alone runs from then until now, as a single instant does in /insights.
  if (args.start !== undefined) return args.end === undefined ? args.start : `${args.start}..${args.end}`;
  return args.since ?? args.window ?? args.words.join(" ");
}

interface Prepared {
  readonly queryString: string;
  readonly logGroups: readonly string[];
  readonly defaultWindow: string;
  readonly maxWindow: string;
}

/** The template's rendered query, its log groups and windows; or the exit code after saying what is wrong. */
function prepareTemplate(
  args: QueryArgs,
  name: string,
  config: ReturnType<typeof loadConfig>,
  io: QueryCommandIo,
): Prepared | number {
  const checked = prepareConfig(config.file, config.env.KLAXON_RUNBOOKS_DIR, config.configPath);
  if (!checked.ok) {
    for (const issue of checked.error) io.err(`${issue.path}: ${issue.message}`);
    return 1;
  }
  const template = checked.value.templates.get(name);
  if (template === undefined) {
    io.err(
      `klaxon query: no template called ${name}; available: ${[...checked.value.templates.keys()].join(", ")}`,
    );
    return 2;
  }
  const values = bindParams(template, args.params);
  const query = values.ok ? renderQuery(template, values.value) : values;
  if (!query.ok) {
    io.err(`klaxon query: ${query.error.message}\nusage: klaxon query --template ${templateUsage(template)}`);
    return 2;
  }
  return {
    queryString: query.value,
    logGroups: args.logGroups.length > 0 ? args.logGroups : template.logGroups,
    defaultWindow: template.defaultWindow,
    maxWindow: template.maxWindow,
  };
}

/** A raw query, checked by the parser first (both backends), with its log groups; or the exit code. */
async function prepareRaw(
  args: QueryArgs,
  logsDir: string | undefined,
  io: QueryCommandIo,
): Promise<Prepared | number> {
  const query = args.query ?? "";
  const parsed = parseQuery(query);
  if (!parsed.ok) {
    io.err(formatParseError(query, parsed.error));
    return 1;
  }
  const hasSource = parsed.value.commands.some((c) => c.kind === "source");
  let logGroups: readonly string[] = args.logGroups;
  if (logGroups.length === 0 && logsDir !== undefined && !hasSource) {
    try {
      logGroups = [...(await listLogGroups(logsDir)).keys()];
    } catch (error) {
      io.err(
        `klaxon query: cannot read the logs folder ${logsDir}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 2;
    }
  }
  if (logGroups.length === 0 && !hasSource) {
    io.err(
      `klaxon query: say where to look: --log-group NAME (CloudWatch) or --logs-dir DIR (local JSONL)\n${QUERY_USAGE}`,
    );
    return 2;
  }
  return { queryString: query, logGroups, defaultWindow: "1h", maxWindow: RAW_MAX_WINDOW };
}

/**
 * `klaxon query`: runs a raw Logs Insights query or a configured template from a terminal, through the same
 * runner, limits and bytes-scanned cap as `/insights`. `--logs-dir` (or `KLAXON_LOGS_DIR`) runs the local
 * engine over JSONL files; `--log-group` runs on CloudWatch Logs with the SDK's usual credentials, showing a
 * progress line on stderr. Prints an aligned table (or `--json`/`--csv`) and the statistics line. Returns 0,
 * 1 when the query does not parse or fails (a parse error shows line, column and a caret), 2 on usage errors.
 */
export async function queryCommand(
  env: NodeJS.ProcessEnv,
  argv: readonly string[],
  io: QueryCommandIo,
  overrides: QueryCommandOverrides = {},
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    io.err(`klaxon query: ${args}\n${QUERY_USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) io.err(`${issue.path}: ${issue.message}`);
    return 1;
  }
  const clock = overrides.clock ?? systemClock;
  const logsDir = args.logsDir ?? (args.logGroups.length === 0 ? config.env.KLAXON_LOGS_DIR : undefined);

  const prepared =
    args.template === undefined
      ? await prepareRaw(args, logsDir, io)
      : prepareTemplate(args, args.template, config, io);
  if (typeof prepared === "number") return prepared;

  const window = parseTimeWindow(windowText(args), {
    now: clock(),
    defaultWindow: prepared.defaultWindow,
    maxWindow: prepared.maxWindow,
  });
  if (!window.ok) {
    io.err(`klaxon query: ${window.error.message}`);
    return 2;
  }
  const region = config.env.AWS_REGION ?? "us-east-1";
  const aws =
    logsDir === undefined
      ? createAwsClients({ region, ...(overrides.logsClient && { logs: overrides.logsClient }) })
      : undefined;
  const backend: LogsQueryBackend =
    aws === undefined
      ? createLocalLogsBackend({ logsDir: logsDir ?? ".", clock })
      : createCloudWatchLogsBackend({ client: aws.logs });
  const limits = config.file.insights;
  const where = logsDir === undefined ? "CloudWatch Logs" : `local logs in ${logsDir}`;
  try {
    const outcome = await createQueryLimiter(limits.maxConcurrentQueries).run(() =>
      runQuery(
        {
          backend,
          clock,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          logger: silentLogger(),
        },
        {
          logGroupNames: prepared.logGroups,
          queryString: prepared.queryString,
          startTime: window.value.startTime,
          endTime: window.value.endTime,
          limit: args.limit ?? limits.defaultLimit,
        },
        {
          timeoutMs: limits.timeoutSeconds * 1000,
          pollIntervalMs: logsDir === undefined ? limits.pollIntervalMs : Math.min(limits.pollIntervalMs, 50),
          maxBytesScanned: limits.maxBytesScanned,
          ...(logsDir === undefined && {
            onProgress: ({ status, statistics }) =>
              io.progress(
                `${status} on ${where}: ${statistics.recordsScanned.toLocaleString("en-US")} records, ${formatBytes(statistics.bytesScanned)} scanned, ${statistics.recordsMatched.toLocaleString("en-US")} matched`,
              ),
          }),
        },
      ),
    );
    io.progress("");
    if (!outcome.ok) {
      io.err(`klaxon query: ${outcome.error.message}`);
      return 1;
    }
    const { results, statistics, note } = outcome.value;
    const table = toQueryTable(results);
    if (args.format === "json") io.out(formatJson(results));
    else if (args.format === "csv") io.out(formatCsv(table));
    else io.out(formatTable(table));
    io.err(`${formatStatistics(results.length, statistics)} · ${window.value.label} on ${where}`);
    if (note !== undefined) io.err(note);
    return 0;
  } finally {
    aws?.destroy();
  }
}

/** The process's terminal: stdout for results; stderr for messages, with `\r` progress when it is a TTY. */
export function processQueryIo(): QueryCommandIo {
  const tty = process.stderr.isTTY === true;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    progress: (text) => {
      // On a terminal the line rewrites itself; in a pipe or log file each update is its own line.
      if (tty) process.stderr.write(`\r\u001b[K${text}`);
      else if (text !== "") process.stderr.write(`${text}\n`);
    },
  };
}
