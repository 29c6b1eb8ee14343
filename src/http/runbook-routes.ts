import type { ServerResponse } from "node:http";
import type { Runbook } from "../runbooks/runbook-schema.js";
import { type HttpRoute, send } from "./create-http-server.js";

type PageRenderer = typeof import("../runbooks/render-runbook-page.js");

/**
 * The page renderer brings markdown-it and its entity tables, which being ready does not need: it loads just after
 * the routes are made (or with the first page asked for, if sooner), and once loaded pages are answered in the
 * same turn as their request (Node ends a half-closed connection before a later turn could answer).
 */
let loaded: PageRenderer | undefined;
let loading: Promise<PageRenderer> | undefined;
const renderer = (): Promise<PageRenderer> =>
  (loading ??= import("../runbooks/render-runbook-page.js").then((m) => {
    loaded = m;
    return m;
  }));
const WARM_AFTER_MS = 250;

function sendPage(res: ServerResponse, csp: string, html: string): void {
  res.setHeader("content-security-policy", csp);
  send(res, 200, html, "text/html; charset=utf-8");
}

/** `GET /runbooks` (index) and `GET /runbooks/<name>` (rendered runbook), the runbook links' default target. */
export function runbookRoutes(runbooks: readonly Runbook[]): HttpRoute[] {
  setTimeout(() => void renderer().catch(() => undefined), WARM_AFTER_MS).unref();
  return [
    {
      method: "GET",
      path: "/runbooks",
      handler: async (_req, res) => {
        const { RUNBOOK_PAGE_CSP, renderRunbookIndex } = loaded ?? (await renderer());
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
        const { RUNBOOK_PAGE_CSP, renderRunbookPage } = loaded ?? (await renderer());
        sendPage(res, RUNBOOK_PAGE_CSP, renderRunbookPage(runbook));
      },
    },
  ];
}
