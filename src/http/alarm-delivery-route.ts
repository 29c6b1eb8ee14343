import { isEventBridgeBody } from "../ingest/eventbridge/handle-eventbridge-delivery.js";
import type { DeliveryAnswer } from "../ingest/sns/handle-sns-delivery.js";
import type { Clock } from "../shared/clock.js";
import { type HttpRoute, send } from "./create-http-server.js";
import type { Metrics } from "./metrics.js";
import { readBody } from "./read-body.js";

/**
 * `POST /sns`: reads the body within the size limit and hands it to the SNS delivery handler, or, for an
 * EventBridge event posted directly by an API destination, to the shared-secret EventBridge handler. While shutting down it
 * answers 503 so SNS redelivers to a live replica (or to this one after restart).
 */
export function alarmDeliveryRoute(deps: {
  handle: (body: string) => Promise<DeliveryAnswer>;
  /** Direct EventBridge events (no SNS envelope), authenticated by a shared-secret header. */
  handleEventBridge: (body: string, apiKey: string | undefined) => Promise<DeliveryAnswer>;
  apiKeyHeader: string;
  maxBodyBytes: number;
  metrics: Metrics;
  clock: Clock;
  isShuttingDown: () => boolean;
}): HttpRoute {
  return {
    method: "POST",
    path: "/sns",
    handler: async (req, res) => {
      const started = deps.clock().getTime();
      if (deps.isShuttingDown()) {
        req.resume();
        deps.metrics.snsDeliveries.inc({ outcome: "shutting_down" });
        return send(res, 503, "shutting down; retry");
      }
      const body = await readBody(req, deps.maxBodyBytes);
      if (!body.ok) {
        deps.metrics.snsDeliveries.inc({ outcome: "too_large" });
        return send(res, 413, `body larger than ${deps.maxBodyBytes} bytes`);
      }
      const viaSns = req.headers["x-amz-sns-message-type"] !== undefined;
      const header = req.headers[deps.apiKeyHeader];
      const answer =
        !viaSns && isEventBridgeBody(body.value)
          ? await deps.handleEventBridge(body.value, typeof header === "string" ? header : undefined)
          : await deps.handle(body.value);
      deps.metrics.snsDeliveries.inc({ outcome: answer.outcome });
      deps.metrics.ingestSeconds.observe((deps.clock().getTime() - started) / 1000);
      send(res, answer.status, answer.body);
    },
  };
}
