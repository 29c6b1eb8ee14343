import { createHash } from "node:crypto";
import MarkdownIt from "markdown-it";
import type { Runbook } from "./runbook-schema.js";

// Raw HTML in runbooks is not rendered: runbook repositories take outside contributions.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const esc = (s: string): string =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

const PAGE_STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1d1c1d}
code,pre{background:#f4f4f4;border-radius:4px;padding:.1rem .3rem}pre{padding:.8rem;overflow:auto}
.sev{display:inline-block;padding:.1rem .5rem;border-radius:4px;background:#fde2e1;color:#8a1c1c;font-size:.8rem}
ul.checklist{list-style:none;padding-left:0}`;

/**
 * The Content-Security-Policy of the runbook pages: nothing runs, only the pages' own inline style (by hash)
 * applies, images come from the web (Markdown may show a dashboard screenshot), and no other site can frame them.
 */
export const RUNBOOK_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(PAGE_STYLE).digest("base64")}'`,
  "img-src https: http: data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Renders a runbook as a standalone HTML page for `GET /runbooks/<name>`: title, severity, links, the checklist
 * (with the query each step runs) and the Markdown body. Markdown is rendered without raw HTML, so a runbook
 * cannot inject script into the page.
 */
export function renderRunbookPage(runbook: Runbook): string {
  const links = runbook.links
    .map((l) => `<li><a href="${esc(l.url)}" rel="noopener noreferrer">${esc(l.label)}</a></li>`)
    .join("");
  const steps = runbook.checklist
    .map(
      (s) =>
        `<li><label><input type="checkbox" disabled> ${esc(s.text)}</label>${
          s.query ? ` <code>${esc(s.query.template)}</code>` : ""
        }</li>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(runbook.title)} · klaxon runbook</title>
<style>${PAGE_STYLE}</style></head>
<body><p><a href="../runbooks">All runbooks</a></p>
<h1>${esc(runbook.title)}</h1>
${runbook.severity ? `<p class="sev">${esc(runbook.severity)}</p>` : ""}
${runbook.description ? `<p>${esc(runbook.description)}</p>` : ""}
${links ? `<h2>Links</h2><ul>${links}</ul>` : ""}
${steps ? `<h2>Checklist</h2><ul class="checklist">${steps}</ul>` : ""}
${md.render(runbook.body)}
</body></html>`;
}

/** Renders the index page listing every runbook. */
export function renderRunbookIndex(runbooks: readonly Runbook[]): string {
  const items = runbooks
    .map((r) => `<li><a href="runbooks/${esc(r.name)}">${esc(r.title)}</a></li>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>klaxon runbooks</title>
<style>${PAGE_STYLE}</style></head>
<body><h1>Runbooks</h1><ul>${items}</ul></body></html>`;
}
