import { renderRunbookIndex, renderRunbookPage } from "../runbooks/render-runbook-page.js";
import type { Runbook } from "../runbooks/runbook-schema.js";
import { type HttpRoute, send } from "./create-http-server.js";

/** `GET /runbooks` (index) and `GET /runbooks/<name>` (rendered runbook), the runbook links' default target. */
export function runbookRoutes(runbooks: readonly Runbook[]): HttpRoute[] {
  const html = "text/html; charset=utf-8";
  return [
    {
      method: "GET",
      path: "/runbooks",
      handler: (_req, res) => send(res, 200, renderRunbookIndex(runbooks), html),
    },
    {
      method: "GET",
      path: "/runbooks/:name",
      handler: (_req, res, params) => {
        const runbook = runbooks.find((r) => r.name === params.name);
        if (!runbook)
          return send(res, 404, `no runbook called ${params.name?.replace(/[^a-z0-9-]/gi, "") ?? ""}`);
        send(res, 200, renderRunbookPage(runbook), html);
      },
    },
  ];
}
