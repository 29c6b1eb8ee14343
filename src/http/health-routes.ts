import type { Store } from "../store/store.js";
import { type HttpRoute, send } from "./create-http-server.js";
import type { Metrics } from "./metrics.js";

/**
 * `GET /healthz` (the process is alive), `GET /readyz` (store reachable and not shutting down) and
 * `GET /metrics` (Prometheus text, with the outbox backlog refreshed on scrape).
 */
export function healthRoutes(deps: {
  store: Store;
  metrics: Metrics;
  isShuttingDown: () => boolean;
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
    {
      method: "GET",
      path: "/metrics",
      handler: async (_req, res) => {
        deps.metrics.outboxPending.set(await deps.store.pendingOutboxCount());
        send(res, 200, await deps.metrics.registry.metrics(), deps.metrics.registry.contentType);
      },
    },
  ];
}
