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
