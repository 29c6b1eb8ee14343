import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Clock } from "../../shared/clock.js";
import { InsightsError } from "../errors.js";
import type {
  LogsQueryBackend,
  QueryResults,
  QueryStatistics,
  QueryStatus,
  StartQueryInput,
} from "../logs-query-backend.js";
import type { QueryAst } from "../query-language/ast.js";
import { parseQuery } from "../query-language/parse-query.js";
import { checkSupported } from "./check-supported.js";
import { buildRecord } from "./discover-fields.js";
import { readLogEvents } from "./load-jsonl.js";
import { QueryPipeline } from "./run-commands.js";

export interface LocalLogsBackendOptions {
  /** Folder searched recursively for `*.jsonl` files. */
  readonly logsDir: string;
  readonly clock: Clock;
  /** Account shown in `@log` (`account:group`); default 000000000000. */
  readonly accountId?: string;
  /** Row cap when StartQuery gives no `limit`; default 10,000 as in CloudWatch. */
  readonly defaultLimit?: number;
}

interface QueryState {
  status: QueryStatus;
  results: QueryResults["results"];
  statistics: QueryStatistics;
  readonly startedAt: Date;
  error: unknown;
}

/**
 * Maps each log group to its files: `<logsDir>/aws/lambda/x.jsonl` is `/aws/lambda/x`, unless a sidecar
 * `x.jsonl.meta.json` says `{"logGroupName": "…"}`. Several files may feed one group.
 */
export async function listLogGroups(logsDir: string): Promise<Map<string, string[]>> {
  const entries = await readdir(logsDir, { recursive: true });
  const groups = new Map<string, string[]>();
  for (const entry of entries.sort()) {
    if (!entry.endsWith(".jsonl")) continue;
    const file = join(logsDir, entry);
    const byPath = `/${relative(logsDir, file)
      .split(sep)
      .join("/")
      .replace(/\.jsonl$/, "")}`;
    const group = (await sidecarGroup(`${file}.meta.json`)) ?? byPath;
    groups.set(group, [...(groups.get(group) ?? []), file]);
  }
  return groups;
}

async function sidecarGroup(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  const meta: unknown = JSON.parse(text);
  if (
    typeof meta === "object" &&
    meta !== null &&
    "logGroupName" in meta &&
    typeof meta.logGroupName === "string"
  ) {
    return meta.logGroupName;
  }
  throw new InsightsError("insights_backend", `${path} must be JSON with a string "logGroupName".`);
}

/** Log groups a `SOURCE logGroups(namePrefix: [...])` command selects. */
function sourcePrefixes(ast: QueryAst): string[] {
  const source = ast.commands.find((c) => c.kind === "source");
  if (source?.kind !== "source" || source.selector.kind !== "call") return [];
  const prefix = source.selector.args.find((a) => a.kind === "namedArg" && a.name === "namePrefix");
  if (prefix?.kind !== "namedArg") return [];
  const items = prefix.value.kind === "list" ? prefix.value.items : [prefix.value];
  return items.flatMap((i) => (i.kind === "string" ? [i.value] : []));
}

/** Log groups a `SOURCE '/aws/lambda/a' '/aws/lambda/b'` command names outright. */
function sourceNames(ast: QueryAst): string[] {
  const source = ast.commands.find((c) => c.kind === "source");
  if (source?.kind !== "source") return [];
  return source.groups.flatMap((g) => (g.kind === "string" ? [g.value] : []));
}

function resolveGroups(input: StartQueryInput, ast: QueryAst, known: Map<string, string[]>): string[] {
  const prefixes = sourcePrefixes(ast);
  const named = sourceNames(ast);
  const names =
    input.logGroupNames.length > 0
      ? [...input.logGroupNames]
      : named.length > 0
        ? named
        : [...known.keys()].filter((g) => prefixes.some((p) => g.startsWith(p)));
  const missing = names.filter((g) => !known.has(g));
  if (missing.length > 0 || names.length === 0) {
    const available = [...known.keys()].join(", ") || "(none)";
    throw new InsightsError(
      "insights_log_group_not_found",
      `Log group ${missing.join(", ") || "(none selected)"} not found in the local logs folder. Available: ${available}. Add <group path>.jsonl under the logs folder or fix the template's logGroups.`,
    );
  }
  return names;
}

/**
 * The Logs Insights port over local JSONL files, for the playground and tests. `startQuery` parses the query
 * (a parse error is `insights_malformed_query` with line and column), checks the log groups exist
 * (`insights_log_group_not_found`), then runs in the background, streaming each file; `getQueryResults` reports
 * `Running` and then `Complete` with CloudWatch-shaped rows and statistics.
 */
export function createLocalLogsBackend(options: LocalLogsBackendOptions): LogsQueryBackend {
  const queries = new Map<string, QueryState>();
  const accountId = options.accountId ?? "000000000000";

  async function run(state: QueryState, ast: QueryAst, files: [string, string][], input: StartQueryInput) {
    const pipeline = new QueryPipeline(ast, input.limit ?? options.defaultLimit ?? 10_000);
    const from = input.startTime * 1000;
    const to = input.endTime * 1000 + 999;
    let recordsScanned = 0;
    let bytesScanned = 0;
    for (const [group, file] of files) {
      for await (const event of readLogEvents(file)) {
        if (state.status !== "Running") return;
        if (event.timestamp < from || event.timestamp > to) continue;
        recordsScanned++;
        bytesScanned += Buffer.byteLength(event.message, "utf8");
        pipeline.push(buildRecord(event, group, accountId));
        if (recordsScanned % 5000 === 0) {
          state.statistics = { recordsScanned, bytesScanned, recordsMatched: pipeline.recordsMatched };
        }
      }
    }
    state.results = pipeline.results();
    state.statistics = { recordsScanned, bytesScanned, recordsMatched: pipeline.recordsMatched };
    state.status = "Complete";
  }

  return {
    async startQuery(input) {
      const parsed = parseQuery(input.queryString);
      if (!parsed.ok) {
        throw new InsightsError(
          "insights_malformed_query",
          `${parsed.error.message}. Fix the template's query.`,
          {
            cause: parsed.error,
          },
        );
      }
      const unsupported = checkSupported(parsed.value);
      if (unsupported !== undefined)
        throw new InsightsError("insights_malformed_query", `Query not runnable: ${unsupported}.`);
      const known = await listLogGroups(options.logsDir);
      const groups = resolveGroups(input, parsed.value, known);
      const files = groups.flatMap((g) => (known.get(g) ?? []).map((f): [string, string] => [g, f]));
      const id = randomUUID();
      const state: QueryState = {
        status: "Running",
        results: [],
        statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
        startedAt: options.clock(),
        error: undefined,
      };
      queries.set(id, state);
      // Start on a later turn so the caller's first poll sees Running, as with CloudWatch.
      setImmediate(() => {
        run(state, parsed.value, files, input).catch((error: unknown) => {
          state.status = "Failed";
          state.error = error;
        });
      });
      return id;
    },

    async getQueryResults(queryId) {
      const state = queries.get(queryId);
      if (state === undefined) {
        throw new InsightsError("insights_backend", `No local query with id ${queryId}; start it again.`);
      }
      return { status: state.status, results: state.results, statistics: state.statistics };
    },

    async stopQuery(queryId) {
      const state = queries.get(queryId);
      if (state === undefined) {
        throw new InsightsError("insights_backend", `No local query with id ${queryId} to stop.`);
      }
      if (state.status === "Running") state.status = "Cancelled";
    },
  };
}
