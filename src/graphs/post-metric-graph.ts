import type { Alarm } from "../alarms/alarm.js";
import type { Logger } from "../shared/logger.js";
import { safeInline } from "../slack/safe-text.js";
import { buildMetricWidget } from "./build-metric-widget.js";
import { GraphError } from "./errors.js";
import { type CloudWatchClientLike, fetchMetricGraph } from "./fetch-metric-graph.js";

/** The part of `WebClient` the graph needs: the files v2 upload and a plain thread reply. */
export interface GraphSlackClient {
  filesUploadV2(args: {
    channel_id: string;
    thread_ts: string;
    file: Buffer;
    filename: string;
    title: string;
    alt_text: string;
  }): Promise<unknown>;
  readonly chat: {
    postMessage(args: { channel: string; thread_ts: string; text: string }): Promise<unknown>;
  };
}

export interface PostMetricGraphDeps {
  /**
   * The CloudWatch client for the alarm's region (`undefined`: the payload named none; use the default) and
   * account (its id; klaxon's own credentials unless `accounts:` says how to reach it).
   */
  cloudwatchForRegion(region: string | undefined, account?: string): CloudWatchClientLike;
  readonly slack: GraphSlackClient;
  readonly logger: Logger;
  readonly width?: number;
  readonly height?: number;
  readonly timeoutMs?: number;
}

/** The episode's alarm and where its root message lives. */
export interface GraphTarget {
  readonly alarm: Alarm;
  readonly slackChannel: string;
  readonly slackTs: string;
}

/** What happened, for logs and metrics: uploaded, nothing to draw, a note posted instead, or not even that. */
export type GraphOutcome =
  | { readonly outcome: "uploaded" }
  | { readonly outcome: "skipped" }
  | { readonly outcome: "noted"; readonly error: GraphError }
  | { readonly outcome: "failed"; readonly error: GraphError };

const NOTE_MAX_CHARS = 300;

/**
 * Draws the alarm's metric with CloudWatch `GetMetricWidgetImage` and uploads the PNG into the alarm message's
 * thread (Slack files v2). When CloudWatch or Slack refuses, a one-line "metric graph unavailable: <reason>"
 * note goes into the thread instead so on-call knows why there is no graph. Alarms without a metric to draw
 * (composite, unknown) are skipped silently. Never throws: the graph is a nice-to-have beside the alarm.
 */
export async function postMetricGraph(
  deps: PostMetricGraphDeps,
  target: GraphTarget,
  now: Date,
): Promise<GraphOutcome> {
  const { alarm } = target;
  const widget = buildMetricWidget(alarm, {
    now,
    ...(deps.width !== undefined && { width: deps.width }),
    ...(deps.height !== undefined && { height: deps.height }),
  });
  if (widget === undefined) {
    deps.logger.debug({ alarm: alarm.name, kind: alarm.trigger.kind }, "no metric graph for this alarm");
    return { outcome: "skipped" };
  }
  let failure: GraphError;
  try {
    const image = await fetchMetricGraph(
      {
        cloudwatch: deps.cloudwatchForRegion(alarm.region, alarm.accountId),
        logger: deps.logger,
        ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }),
      },
      widget,
    );
    if (image.ok) {
      await deps.slack.filesUploadV2({
        channel_id: target.slackChannel,
        thread_ts: target.slackTs,
        file: Buffer.from(image.value),
        filename: graphFilename(alarm.name),
        title: `${alarm.name} (${alarm.state})`,
        alt_text: `CloudWatch graph of ${alarm.name} around its change to ${alarm.state}`,
      });
      return { outcome: "uploaded" };
    }
    failure = image.error;
  } catch (error) {
    failure = uploadError(error);
    deps.logger.warn({ err: error, alarm: alarm.name }, "metric graph upload failed");
  }
  return postNote(deps, target, failure);
}

async function postNote(
  deps: PostMetricGraphDeps,
  target: GraphTarget,
  error: GraphError,
): Promise<GraphOutcome> {
  try {
    await deps.slack.chat.postMessage({
      channel: target.slackChannel,
      thread_ts: target.slackTs,
      text: `metric graph unavailable: ${safeInline(error.message, NOTE_MAX_CHARS)}`,
    });
    return { outcome: "noted", error };
  } catch (noteError) {
    deps.logger.warn({ err: noteError, alarm: target.alarm.name }, "could not post the metric graph note");
    return { outcome: "failed", error };
  }
}

/** Slack's `WebClient` errors carry the API error (e.g. `missing_scope`) in `data.error`. */
function uploadError(error: unknown): GraphError {
  const slackError = slackErrorCode(error);
  if (slackError === "missing_scope" || slackError === "not_allowed_token_type") {
    return new GraphError(
      "graph_upload_failed",
      `Slack refused the upload (${slackError}); add the files:write scope to the Slack app`,
      { cause: error },
    );
  }
  const reason = slackError ?? (error instanceof Error ? error.message : String(error));
  return new GraphError("graph_upload_failed", `Slack refused the image upload (${reason})`, {
    cause: error,
  });
}

function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null || !("error" in data)) return undefined;
  return typeof data.error === "string" ? data.error : undefined;
}

/** A file name Slack and every client show cleanly: the alarm name with anything unusual replaced. */
export function graphFilename(alarmName: string): string {
  const base = alarmName
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
  return `${base === "" ? "alarm" : base}.png`;
}
