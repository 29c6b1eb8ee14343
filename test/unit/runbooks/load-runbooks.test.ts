import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TemplateConfig } from "../../../src/config/schema.js";
import { formatRunbookIssue } from "../../../src/runbooks/errors.js";
import { loadRunbooks } from "../../../src/runbooks/load-runbooks.js";

const template: TemplateConfig = {
  description: "errors",
  logGroups: ["/axonflow/production"],
  query: "fields @message | filter level = 'error'",
  params: { bucket: { type: "duration", default: "5m" } },
  defaultWindow: "1h",
  maxWindow: "7d",
};
const context = {
  templates: { "axonflow-error-rate": template },
  services: ["axonflow-api"],
  routeRunbooks: [],
};

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-runbooks-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = `---
title: High error rate
match: { alarmName: ["*error*"], services: [axonflow-api] }
severity: critical
checklist:
  - Acknowledge
  - text: Error rate
    query: { template: axonflow-error-rate, params: { bucket: 5m } }
  - text: Local one
    query: { template: recent }
queries:
  recent: { description: recent, logGroups: [/axonflow/production], query: "fields @message | limit 5" }
---
# Body
Steps.
`;

describe("loadRunbooks", () => {
  it("loads a valid runbook with its checklist, ids and body, skipping README.md", () => {
    const dir = dirWith({ "high-error-rate.md": GOOD, "README.md": "# guide" });
    const result = loadRunbooks(dir, context);
    expect(result.ok && result.value.map((r) => r.name)).toEqual(["high-error-rate"]);
    const rb = result.ok ? result.value[0] : undefined;
    expect(rb?.checklist.map((c) => c.id)).toEqual(["acknowledge", "error-rate", "local-one"]);
    expect(rb?.checklist[1]?.query).toEqual({ template: "axonflow-error-rate", params: { bucket: "5m" } });
    expect(rb?.body).toBe("# Body\nSteps.\n");
  });

  it("reports a missing front matter, a YAML error and schema errors with file, line and column", () => {
    const dir = dirWith({
      "no-front.md": "# just markdown",
      "bad-yaml.md": "---\ntitle: x\nchecklist: [a, b\n---\n",
      "bad-schema.md": "---\ntitle: ok\nseverity: urgent\nchecklist:\n  - text: ''\n---\n",
    });
    const result = loadRunbooks(dir, context);
    const lines = result.ok ? [] : result.error.map(formatRunbookIssue);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/no-front\.md:1:1: expected YAML front matter/),
        expect.stringMatching(/bad-yaml\.md:\d+:\d+: YAML: /),
        expect.stringMatching(/bad-schema\.md:3:\d+: severity: /),
        expect.stringMatching(/bad-schema\.md:5:\d+: checklist\.0/),
      ]),
    );
  });

  it("refuses unknown query templates, undeclared parameters and unknown services", () => {
    const text = GOOD.replace("axonflow-error-rate, params: { bucket: 5m }", "nope")
      .replace("template: recent", "template: recent, params: { wrong: 1 }")
      .replace("services: [axonflow-api]", "services: [ghost]");
    const result = loadRunbooks(dirWith({ "x.md": text }), context);
    const messages = result.ok ? [] : result.error.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('runs unknown query "nope"'),
        expect.stringContaining('passes "wrong", which query "recent" does not declare'),
        expect.stringContaining('match.services names "ghost"'),
      ]),
    );
  });

  it("refuses a checklist step too long for a Slack checkbox and a non-kebab file name", () => {
    const long = GOOD.replace("  - Acknowledge", `  - ${"x".repeat(80)}`);
    const result = loadRunbooks(dirWith({ "ok-name.md": long, "Bad Name.md": GOOD }), context);
    const messages = result.ok ? [] : result.error.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("at most 75 characters"),
        expect.stringContaining("kebab-case"),
      ]),
    );
  });

  it("reports a route that names a runbook that does not exist", () => {
    const result = loadRunbooks(dirWith({ "a.md": GOOD }), { ...context, routeRunbooks: ["missing"] });
    expect(!result.ok && result.error[0]?.message).toBe(
      'a route names runbook "missing" but there is no such file',
    );
  });

  it("loads every runbook shipped in runbooks/ against the sample config", async () => {
    const { loadConfig } = await import("../../../src/config/load-config.js");
    const config = loadConfig({}, tmpdir());
    const result = loadRunbooks(join(import.meta.dirname, "../../../runbooks"), {
      templates: config.file.templates,
      services: Object.keys(config.file.services),
      routeRunbooks: config.file.routes.flatMap((r) => (r.runbook ? [r.runbook] : [])),
    });
    expect(result.ok ? result.value.map((r) => r.name).sort() : result.error).toEqual([
      "api-request-tracing",
      "ecs-restart-spike",
      "high-error-rate",
      "high-latency",
      "log-investigation",
      "log-silence",
    ]);
  });
});

describe("loadRunbooks: link schemes", () => {
  it.each([
    ["javascript:", "javascript:alert(document.cookie)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["vbscript:", "vbscript:msgbox(1)"],
    ["file:", "file:///etc/passwd"],
  ])("refuses a %s link with a message naming the field", (_scheme, url) => {
    const text = GOOD.replace(
      "severity: critical",
      `severity: critical\nlinks:\n  - { label: Dashboard, url: "${url}" }`,
    );

    const result = loadRunbooks(dirWith({ "x.md": text }), context);

    const lines = result.ok ? [] : result.error.map(formatRunbookIssue);
    expect(lines).toEqual([expect.stringMatching(/x\.md:\d+:\d+: links\.0\.url: .*http/)]);
  });

  it("refuses a non-http(s) runbook url", () => {
    const text = GOOD.replace("severity: critical", 'severity: critical\nurl: "javascript:alert(1)"');

    const result = loadRunbooks(dirWith({ "x.md": text }), context);

    expect(result.ok ? [] : result.error.map((i) => i.message)).toEqual([expect.stringContaining("http")]);
  });

  it("accepts http and https links", () => {
    const text = GOOD.replace(
      "severity: critical",
      'severity: critical\nlinks:\n  - { label: A, url: "https://grafana.example.com/d/1" }\n  - { label: B, url: "http://wiki.internal/x" }',
    );

    const result = loadRunbooks(dirWith({ "x.md": text }), context);

    expect(result.ok && result.value[0]?.links.map((l) => l.url)).toEqual([
      "https://grafana.example.com/d/1",
      "http://wiki.internal/x",
    ]);
  });
});
