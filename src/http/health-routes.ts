import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Store } from "../store/store.js";
import { type HttpRoute, send } from "./create-http-server.js";
import type { Metrics } from "./metrics.js";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function hasBearer(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(header.slice("Bearer ".length)), digest(token));
}

/**
 * `GET /metrics` (Prometheus text, with the outbox backlog refreshed on scrape). With a `token` a scrape must
 * send `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: … }`), otherwise 401, since
 * the port that takes SNS deliveries usually faces the internet.
 */
export function metricsRoute(deps: {
  store: Store;
  metrics: Metrics;
  token?: string | undefined;
}): HttpRoute {
  return {
    method: "GET",
    path: "/metrics",
    handler: async (req, res) => {
      if (deps.token !== undefined && !hasBearer(req, deps.token)) {
        res.setHeader("www-authenticate", 'Bearer realm="klaxon metrics"');
        send(res, 401, "send the metrics token as Authorization: Bearer <http.metricsToken>");
        return;
      }
      deps.metrics.outboxPending.set(await deps.store.pendingOutboxCount());
      send(res, 200, await deps.metrics.registry.metrics(), deps.metrics.registry.contentType);
    },
  };
}

/**
 * `GET /healthz` (the process is alive), `GET /readyz` (store reachable and not shutting down) and, unless
 * `metricsElsewhere` (it then runs on its own port), `GET /metrics`.
 */
export function healthRoutes(deps: {
  store: Store;
  metrics: Metrics;
  isShuttingDown: () => boolean;
  metricsToken?: string | undefined;
  metricsElsewhere?: boolean;
}): HttpRoute[] {
  return [
    { method: "GET", path: "/healthz", handler: (_req, res) => send(res, 200, "ok") },
    {
      method: "GET",
      path: "/readyz",
      handler: async (_req, res) => {
        if (deps.isShuttingDown()) return send(res, 503, "shutting down");
        const ready = await deps.store.ping().catch(() => false);
        send(res, ready ? 200 : 503, ready ? "ready" : "store unavailable");
      },
    },
    ...(deps.metricsElsewhere
      ? []
      : [
          metricsRoute({
            store: deps.store,
            metrics: deps.metrics,
            token: deps.metricsToken,
          }),
        ]),
  ];
}
