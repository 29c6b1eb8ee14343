import type {
  GetQueryResultsCommand,
  GetQueryResultsCommandOutput,
  StartQueryCommand,
  StartQueryCommandOutput,
  StopQueryCommand,
  StopQueryCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { InsightsError } from "./errors.js";
import type { LogsQueryBackend, QueryResults, QueryStatus, StartQueryInput } from "./logs-query-backend.js";

/** The part of `CloudWatchLogsClient` the backend uses, so wiring injects the real client and tests a fake. */
export interface CloudWatchLogsClientLike {
  send(command: StartQueryCommand): Promise<StartQueryCommandOutput>;
  send(command: GetQueryResultsCommand): Promise<GetQueryResultsCommandOutput>;
  send(command: StopQueryCommand): Promise<StopQueryCommandOutput>;
}

export interface CloudWatchLogsBackendDeps {
  readonly client: CloudWatchLogsClientLike;
}

const STATUSES: ReadonlySet<string> = new Set([
  "Scheduled",
  "Running",
  "Complete",
  "Failed",
  "Cancelled",
  "Timeout",
]);
const THROTTLED = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "Throttling",
  "RequestLimitExceeded",
]);
const DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"]);
const BAD_CREDENTIALS = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "CredentialsProviderError",
]);

interface AwsErrorShape {
  readonly name: string;
  readonly message: string;
  readonly queryCompileError?: {
    readonly message?: string;
    readonly location?: { readonly startCharOffset?: number };
  };
}

function errorShape(e: unknown): AwsErrorShape {
  if (e instanceof Error) return e as AwsErrorShape;
  return { name: "Unknown", message: String(e) };
}

/**
 * Maps an SDK exception to an {@link InsightsError} that says what to do: throttling and the concurrency quota
 * are retryable, a missing log group is named, a malformed query keeps CloudWatch's message, and access
 * problems name the IAM action to grant.
 */
export function mapCloudWatchError(
  e: unknown,
  action: string,
  logGroupNames: readonly string[] = [],
): InsightsError {
  const { name, message, queryCompileError } = errorShape(e);
  if (name === "LimitExceededException") {
    return new InsightsError(
      "insights_throttled",
      "Too many Logs Insights queries are running in this account and region (concurrent query quota); try again in a minute.",
      { cause: e, retryable: true },
    );
  }
  if (THROTTLED.has(name))
    return new InsightsError(
      "insights_throttled",
      `CloudWatch Logs is throttling ${action}; try again shortly.`,
      {
        cause: e,
        retryable: true,
      },
    );
  if (name === "ServiceUnavailableException")
    return new InsightsError(
      "insights_unavailable",
      "CloudWatch Logs is unavailable right now; try again shortly.",
      {
        cause: e,
        retryable: true,
      },
    );
  if (name === "ResourceNotFoundException") {
    const named = logGroupNames.find((g) => message.includes(g));
    const groups = named ?? (logGroupNames.join(", ") || "(unknown)");
    return new InsightsError(
      "insights_log_group_not_found",
      `Log group ${groups} not found. Check the template's logGroups, the vars that fill them, and the region (AWS_REGION). CloudWatch said: ${message}`,
      { cause: e },
    );
  }
  if (name === "MalformedQueryException") {
    const detail = queryCompileError?.message ?? message;
    const at = queryCompileError?.location?.startCharOffset;
    return new InsightsError(
      "insights_malformed_query",
      `CloudWatch rejected the query${at === undefined ? "" : ` at character ${at}`}: ${detail}. Fix the template's query.`,
      { cause: e },
    );
  }
  if (DENIED.has(name)) {
    return new InsightsError(
      "insights_access_denied",
      `klaxon's AWS role may not call ${action}: grant logs:StartQuery, logs:GetQueryResults and logs:StopQuery on the template's log groups (arn:aws:logs:<region>:<account>:log-group:<name>:*). AWS said: ${message}`,
      { cause: e },
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new InsightsError(
      "insights_access_denied",
      `AWS did not accept klaxon's credentials for ${action} (${name}); check the credentials chain and AWS_REGION.`,
      { cause: e },
    );
  }
  return new InsightsError("insights_backend", `${action} failed (${name}): ${message}`, { cause: e });
}

/** `logGroupIdentifiers` wants a log group ARN without the trailing `:*` the IAM-style ARN carries. */
const withoutWildcard = (group: string): string => (group.endsWith(":*") ? group.slice(0, -2) : group);

function toStatus(status: string | undefined): QueryStatus {
  return status !== undefined && STATUSES.has(status) ? (status as QueryStatus) : "Unknown";
}

/**
 * The production {@link LogsQueryBackend}: StartQuery, GetQueryResults and StopQuery over an injected
 * CloudWatch Logs client, with every SDK exception thrown as an {@link InsightsError}.
 */
export function createCloudWatchLogsBackend(deps: CloudWatchLogsBackendDeps): LogsQueryBackend {
  const { client } = deps;
  return {
    async startQuery(input: StartQueryInput): Promise<string> {
      // The SDK package loads with the first query rather than at start (then it is a cached import).
      const { StartQueryCommand } = (await import("@aws-sdk/client-cloudwatch-logs")).default;
      let out: StartQueryCommandOutput;
      try {
        // A monitoring account names source accounts' groups by ARN, which only logGroupIdentifiers accepts
        // (the two fields exclude each other; identifiers take plain names too).
        const byArn = input.logGroupNames.some((g) => g.startsWith("arn:"));
        out = await client.send(
          new StartQueryCommand({
            ...(byArn
              ? { logGroupIdentifiers: input.logGroupNames.map(withoutWildcard) }
              : { logGroupNames: [...input.logGroupNames] }),
            queryString: input.queryString,
            startTime: input.startTime,
            endTime: input.endTime,
            ...(input.limit === undefined ? {} : { limit: input.limit }),
          }),
        );
      } catch (e) {
        throw mapCloudWatchError(e, "logs:StartQuery", input.logGroupNames);
      }
      if (!out.queryId) throw new InsightsError("insights_backend", "StartQuery returned no queryId.");
      return out.queryId;
    },

    async getQueryResults(queryId: string): Promise<QueryResults> {
      const { GetQueryResultsCommand } = (await import("@aws-sdk/client-cloudwatch-logs")).default;
      let out: GetQueryResultsCommandOutput;
      try {
        out = await client.send(new GetQueryResultsCommand({ queryId }));
      } catch (e) {
        throw mapCloudWatchError(e, "logs:GetQueryResults");
      }
      return {
        status: toStatus(out.status),
        results: (out.results ?? []).map((row) =>
          row.map((cell) => ({ field: cell.field ?? "", value: cell.value ?? "" })),
        ),
        statistics: {
          recordsMatched: out.statistics?.recordsMatched ?? 0,
          recordsScanned: out.statistics?.recordsScanned ?? 0,
          bytesScanned: out.statistics?.bytesScanned ?? 0,
        },
      };
    },

    async stopQuery(queryId: string): Promise<void> {
      const { StopQueryCommand } = (await import("@aws-sdk/client-cloudwatch-logs")).default;
      try {
        await client.send(new StopQueryCommand({ queryId }));
      } catch (e) {
        throw mapCloudWatchError(e, "logs:StopQuery");
      }
    },
  };
}
