import type { ServerResponse } from "node:http";
import type { Runbook } from "../runbooks/runbook-schema.js";
import { type HttpRoute, send } from "./create-http-server.js";

/**
 * The page renderer, loaded with the first page asked for: it brings markdown-it and its entity tables, which a
 * start (and a bot nobody opens a runbook page on) does not need.
 */
const renderer = () => import("../runbooks/render-runbook-page.js");

function sendPage(res: ServerResponse, csp: string, html: string): void {
  res.setHeader("content-security-policy", csp);
  send(res, 200, html, "text/html; charset=utf-8");
}

/** `GET /runbooks` (index) and `GET /runbooks/<name>` (rendered runbook), the runbook links' default target. */
export function runbookRoutes(runbooks: readonly Runbook[]): HttpRoute[] {
  return [
    {
      method: "GET",
      path: "/runbooks",
      handler: async (_req, res) => {
        const { RUNBOOK_PAGE_CSP, renderRunbookIndex } = await renderer();
        sendPage(res, RUNBOOK_PAGE_CSP, renderRunbookIndex(runbooks));
      },
    },
    {
      method: "GET",
      path: "/runbooks/:name",
      handler: async (_req, res, params) => {
        const runbook = runbooks.find((r) => r.name === params.name);
        if (!runbook)
          return send(res, 404, `no runbook called ${params.name?.replace(/[^a-z0-9-]/gi, "") ?? ""}`);
        const { RUNBOOK_PAGE_CSP, renderRunbookPage } = await renderer();
        sendPage(res, RUNBOOK_PAGE_CSP, renderRunbookPage(runbook));
      },
    },
  ];
}
