import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { QueryStatistics, QueryStatus, ResultRow } from "../../src/insights/logs-query-backend.js";
import { sigV4Scope } from "./sigv4-scope.js";

/** One GetQueryResults answer; the fake walks through these per query and repeats the last one. */
export interface FakeQueryStep {
  readonly status: QueryStatus;
  readonly results?: ResultRow[];
  readonly statistics?: Partial<QueryStatistics>;
}

/** An AWS error to answer with, `times` times in a row, for one operation. */
export interface FakeFailure {
  readonly operation: "StartQuery" | "GetQueryResults" | "StopQuery";
  /** Such as ThrottlingException, LimitExceededException, ResourceNotFoundException, AccessDeniedException. */
  readonly name: string;
  readonly message?: string;
  readonly times: number;
  readonly httpStatus?: number;
  readonly extra?: Record<string, unknown>;
}

/** What StartQuery received, as the SDK serialised it. */
export interface RecordedStartQuery {
  readonly queryId: string;
  readonly logGroupNames: readonly string[] | undefined;
  readonly queryString: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly limit: number | undefined;
  readonly logGroupIdentifiers?: readonly string[];
  /** Region and access key from the SigV4 header: which account's client, in which region, sent it. */
  readonly region: string;
  readonly accessKeyId: string;
}

/** A GetQueryResults call and who sent it. */
export interface RecordedPoll {
  readonly queryId: string;
  readonly region: string;
  readonly accessKeyId: string;
}

export interface FakeCloudWatchLogsServer {
  /** Endpoint for `new CloudWatchLogsClient({ endpoint })`. */
  readonly url: string;
  readonly startQueries: RecordedStartQuery[];
  readonly getQueryResultsCalls: string[];
  /** The same calls with their signers. */
  readonly polls: RecordedPoll[];
  readonly stopQueryCalls: string[];
  /** Steps every query started from now on walks through (default: one Complete step with no rows). */
  setSteps(steps: readonly FakeQueryStep[]): void;
  /** Queues a failure for an operation. */
  fail(failure: FakeFailure): void;
  /** Delays every response by this many milliseconds. */
  setDelay(ms: number): void;
  reset(): void;
  close(): Promise<void>;
}

interface QueryState {
  readonly steps: readonly FakeQueryStep[];
  next: number;
  current: FakeQueryStep | undefined;
  stopped: boolean;
}

const TARGET_PREFIX = "Logs_20140328.";
const TERMINAL = new Set<QueryStatus>(["Complete", "Failed", "Cancelled", "Timeout"]);

function stats(s: Partial<QueryStatistics> | undefined): QueryStatistics {
  return { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, ...s };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.1",
    "x-amzn-requestid": "00000000-0000-4000-8000-000000000000",
  };
  if (errorType) headers["x-amzn-errortype"] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/**
 * Starts a loopback server speaking the CloudWatch Logs JSON 1.1 protocol (`X-Amz-Target:
 * Logs_20140328.StartQuery | GetQueryResults | StopQuery`), so the real `@aws-sdk/client-cloudwatch-logs`
 * client runs against it. Tests script status sequences, results, statistics, failures and delay, and read
 * back every StartQuery input and StopQuery call.
 */
export async function startFakeCloudWatchLogsServer(): Promise<FakeCloudWatchLogsServer> {
  let steps: readonly FakeQueryStep[] = [{ status: "Complete" }];
  let failures: { failure: FakeFailure; left: number }[] = [];
  let delayMs = 0;
  let counter = 0;
  const queries = new Map<string, QueryState>();
  const startQueries: RecordedStartQuery[] = [];
  const getQueryResultsCalls: string[] = [];
  const polls: RecordedPoll[] = [];
  const stopQueryCalls: string[] = [];

  const takeFailure = (operation: FakeFailure["operation"]): FakeFailure | undefined => {
    const entry = failures.find((f) => f.failure.operation === operation && f.left > 0);
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.failure;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const body = await readJson(req);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    if (operation !== "StartQuery" && operation !== "GetQueryResults" && operation !== "StopQuery") {
      send(res, 400, { __type: "UnknownOperationException", message: `fake does not speak ${target}` });
      return;
    }
    const failure = takeFailure(operation);
    if (failure) {
      send(
        res,
        failure.httpStatus ?? 400,
        { __type: failure.name, message: failure.message ?? `${failure.name} (fake)`, ...failure.extra },
        failure.name,
      );
      return;
    }
    if (operation === "StartQuery") {
      counter += 1;
      const queryId = `fake-query-${counter}`;
      startQueries.push({
        queryId,
        logGroupNames: body.logGroupNames as string[] | undefined,
        queryString: String(body.queryString),
        startTime: Number(body.startTime),
        endTime: Number(body.endTime),
        limit: body.limit === undefined ? undefined : Number(body.limit),
        ...(body.logGroupIdentifiers !== undefined && {
          logGroupIdentifiers: body.logGroupIdentifiers as string[],
        }),
        region: sigV4Scope(req.headers.authorization).region,
        accessKeyId: sigV4Scope(req.headers.authorization).accessKeyId,
      });
      queries.set(queryId, { steps, next: 0, current: undefined, stopped: false });
      send(res, 200, { queryId });
      return;
    }
    const queryId = String(body.queryId);
    const query = queries.get(queryId);
    if (!query) {
      send(
        res,
        400,
        { __type: "ResourceNotFoundException", message: `query ${queryId} not found` },
        "ResourceNotFoundException",
      );
      return;
    }
    if (operation === "StopQuery") {
      stopQueryCalls.push(queryId);
      if (query.stopped || (query.current && TERMINAL.has(query.current.status))) {
        send(
          res,
          400,
          { __type: "InvalidParameterException", message: "query is not running" },
          "InvalidParameterException",
        );
        return;
      }
      query.stopped = true;
      send(res, 200, { success: true });
      return;
    }
    getQueryResultsCalls.push(queryId);
    polls.push({ queryId, ...sigV4Scope(req.headers.authorization) });
    if (!query.stopped) {
      query.current = query.steps[Math.min(query.next, query.steps.length - 1)];
      query.next += 1;
    }
    const step = query.current ?? { status: "Scheduled" as const };
    send(res, 200, {
      status: query.stopped ? "Cancelled" : step.status,
      results: (step.results ?? []).map((row) => row.map((c) => ({ field: c.field, value: c.value }))),
      statistics: stats(step.statistics),
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { __type: "InternalFailure", message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    startQueries,
    getQueryResultsCalls,
    polls,
    stopQueryCalls,
    setSteps(next) {
      steps = [...next];
    },
    fail(failure) {
      failures.push({ failure, left: failure.times });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    reset() {
      steps = [{ status: "Complete" }];
      failures = [];
      delayMs = 0;
      startQueries.length = 0;
      getQueryResultsCalls.length = 0;
      polls.length = 0;
      stopQueryCalls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
