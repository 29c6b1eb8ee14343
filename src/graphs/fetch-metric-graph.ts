import type {
  GetMetricWidgetImageCommand,
  GetMetricWidgetImageCommandOutput,
} from "@aws-sdk/client-cloudwatch";
import type { Logger } from "../shared/logger.js";
import { err, ok, type Result } from "../shared/result.js";
import type { MetricWidget } from "./build-metric-widget.js";
import { GraphError } from "./errors.js";

/** The part of `CloudWatchClient` the graph uses, so wiring injects the real client and tests a fake. */
export interface CloudWatchClientLike {
  send(
    command: GetMetricWidgetImageCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<GetMetricWidgetImageCommandOutput>;
}

export interface FetchMetricGraphDeps {
  readonly cloudwatch: CloudWatchClientLike;
  readonly logger: Logger;
  /** How long CloudWatch may take to render; the alarm thread should not wait on a stuck call. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"]);
const CREDENTIALS = new Set([
  "CredentialsProviderError",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "ExpiredTokenException",
  "ExpiredToken",
]);
const THROTTLED = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "LimitExceeded",
  "LimitExceededFault",
]);
const INVALID = new Set([
  "DashboardInvalidInputError",
  "InvalidParameterValueException",
  "InvalidParameterValue",
  "InvalidParameterInput",
  "InvalidParameterCombinationException",
  "InvalidParameterCombination",
  "MissingRequiredParameterException",
  "MissingParameter",
  "ValidationException",
  "ValidationError",
]);
const TIMEOUTS = new Set(["AbortError", "TimeoutError", "RequestTimeout"]);

/**
 * Asks CloudWatch to render the widget as a PNG (`GetMetricWidgetImage`, `OutputFormat: "png"`) and returns its
 * bytes. SDK failures become a {@link GraphError} whose message says what to fix — the IAM permission, the
 * credentials, the 20-per-second quota, or the widget CloudWatch refused — so the caller can post it as a note.
 */
export async function fetchMetricGraph(
  deps: FetchMetricGraphDeps,
  widget: MetricWidget,
): Promise<Result<Uint8Array, GraphError>> {
  // The SDK package loads with the first graph rather than at start.
  const { GetMetricWidgetImageCommand } = (await import("@aws-sdk/client-cloudwatch")).default;
  const command = new GetMetricWidgetImageCommand({
    MetricWidget: JSON.stringify(widget),
    OutputFormat: "png",
  });
  try {
    const out = await deps.cloudwatch.send(command, {
      abortSignal: AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    const image = out.MetricWidgetImage;
    if (image === undefined || image.length === 0) {
      return err(new GraphError("graph_empty_image", "CloudWatch returned no image for the alarm's metric"));
    }
    return ok(image);
  } catch (error) {
    const mapped = toGraphError(error, widget.region);
    deps.logger.warn({ err: error, code: mapped.code, title: widget.title }, "GetMetricWidgetImage failed");
    return err(mapped);
  }
}

/** Maps an SDK exception (by its `name`, or the query-compatible `Code`) to a {@link GraphError}. */
export function toGraphError(error: unknown, region: string | undefined): GraphError {
  const names = errorNames(error);
  const name = names[0] ?? "Unknown";
  const is = (set: ReadonlySet<string>): boolean => names.some((n) => set.has(n));
  const detail = error instanceof Error ? error.message : String(error);
  const where = region === undefined ? "" : ` in ${region}`;
  if (is(DENIED)) {
    return new GraphError(
      "graph_access_denied",
      `klaxon's AWS role may not render graphs${where}; grant cloudwatch:GetMetricWidgetImage`,
      { cause: error },
    );
  }
  if (is(CREDENTIALS)) {
    return new GraphError(
      "graph_credentials",
      `no valid AWS credentials for CloudWatch${where} (${name}); check klaxon's role or keys`,
      { cause: error },
    );
  }
  if (is(THROTTLED)) {
    return new GraphError(
      "graph_throttled",
      "CloudWatch throttled GetMetricWidgetImage (20 per second per account); it is skipped for this alarm",
      { cause: error },
    );
  }
  if (is(INVALID)) {
    return new GraphError("graph_invalid_widget", `CloudWatch refused the graph definition: ${detail}`, {
      cause: error,
    });
  }
  if (is(TIMEOUTS)) {
    return new GraphError("graph_timeout", "CloudWatch did not render the graph in time", { cause: error });
  }
  return new GraphError("graph_failed", `CloudWatch GetMetricWidgetImage failed (${name}): ${detail}`, {
    cause: error,
  });
}

/** The exception's `name`, then the classic awsQuery `Code` query-compatible services also report. */
function errorNames(error: unknown): string[] {
  if (typeof error !== "object" || error === null) return [];
  const names: string[] = [];
  if ("name" in error && typeof error.name === "string") names.push(error.name);
  if ("Code" in error && typeof error.Code === "string") names.push(error.Code);
  return names;
}
