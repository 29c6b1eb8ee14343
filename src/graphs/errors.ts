import { KlaxonError } from "../shared/klaxon-error.js";

/** Why a metric graph could not be drawn or posted; each code has its own fix. */
export type GraphErrorCode =
  | "graph_access_denied"
  | "graph_credentials"
  | "graph_throttled"
  | "graph_invalid_widget"
  | "graph_empty_image"
  | "graph_timeout"
  | "graph_upload_failed"
  | "graph_failed";

/**
 * A metric graph that could not be rendered by CloudWatch or uploaded to Slack. The message is short because
 * it is posted in the alarm's thread after "metric graph unavailable:", and says what the operator can change.
 */
export class GraphError extends KlaxonError {
  override name = "GraphError";
  declare readonly code: GraphErrorCode;

  constructor(code: GraphErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
