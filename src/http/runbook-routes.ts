import type { ServerResponse } from "node:http";
import { RUNBOOK_PAGE_CSP, renderRunbookIndex, renderRunbookPage } from "../runbooks/render-runbook-page.js";
import type { Runbook } from "../runbooks/runbook-schema.js";
import { type HttpRoute, send } from "./create-http-server.js";

function sendPage(res: ServerResponse, html: string): void {
  res.setHeader("content-security-policy", RUNBOOK_PAGE_CSP);
  send(res, 200, html, "text/html; charset=utf-8");
}

/** `GET /runbooks` (index) and `GET /runbooks/<name>` (rendered runbook), the runbook links' default target. */
export function runbookRoutes(runbooks: readonly Runbook[]): HttpRoute[] {
  return [
    {
      method: "GET",
      path: "/runbooks",
      handler: (_req, res) => sendPage(res, renderRunbookIndex(runbooks)),
    },
    {
      method: "GET",
      path: "/runbooks/:name",
      handler: (_req, res, params) => {
        const runbook = runbooks.find((r) => r.name === params.name);
        if (!runbook)
          return send(res, 404, `no runbook called ${params.name?.replace(/[^a-z0-9-]/gi, "") ?? ""}`);
        sendPage(res, renderRunbookPage(runbook));
      },
    },
  ];
}
