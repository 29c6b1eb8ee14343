import { type RouteHandler, send } from "../http/create-http-server.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

/** Slack's own payloads are a few KB (a modal submission rarely tens of KB); Bolt would buffer up to 4 MiB. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

/** Slack allows five minutes of clock skew; Bolt refuses older requests, this guard refuses newer ones too. */
export const MAX_SLACK_FUTURE_SKEW_SECONDS = 5 * 60;

/**
 * Wraps the `/slack/events` handler (Bolt's HTTP receiver) with what Bolt does not check before the signature:
 * a request dated more than five minutes in the future is refused with 401 (a signed request captured once
 * would otherwise replay until its date passes), and a body declared larger than `MAX_SLACK_BODY_BYTES` with
 * 413 before any byte is buffered. Bodies without a length are capped by Bolt's own `bodyLimit`, which
 * `main.ts` sets to the same value. Only headers are read here, so Bolt still sees the untouched body.
 */
export function guardSlackRequests(deps: { clock: Clock; logger: Logger }, next: RouteHandler): RouteHandler {
  return (req, res, params) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > MAX_SLACK_BODY_BYTES) {
      req.resume();
      deps.logger.warn({ bytes: declared }, "refused a Slack request larger than the body limit");
      send(res, 413, `request body larger than ${MAX_SLACK_BODY_BYTES} bytes`);
      return;
    }
    const stamp = Number(req.headers["x-slack-request-timestamp"]);
    const nowSeconds = Math.floor(deps.clock().getTime() / 1000);
    if (Number.isFinite(stamp) && stamp > nowSeconds + MAX_SLACK_FUTURE_SKEW_SECONDS) {
      req.resume();
      deps.logger.warn(
        { aheadSeconds: stamp - nowSeconds },
        "refused a Slack request dated more than 5 minutes in the future; if genuine requests are refused, check this host's clock (NTP)",
      );
      send(res, 401, "x-slack-request-timestamp is more than 5 minutes in the future");
      return;
    }
    return next(req, res, params);
  };
}
