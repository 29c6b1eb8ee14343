import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { TemplateConfig } from "../config/schema.js";
import type { Result } from "../shared/result.js";
import { err, ok } from "../shared/result.js";
import { CHANGES_STEP } from "./changes-step.js";
import type { RunbookIssue } from "./errors.js";
import { parseRunbook } from "./parse-runbook.js";
import type { Runbook } from "./runbook-schema.js";

/** What a runbook may refer to outside itself: config templates and services, and the routes' runbook names. */
export interface RunbookContext {
  readonly templates: Readonly<Record<string, TemplateConfig>>;
  readonly services: readonly string[];
  readonly routeRunbooks: readonly string[];
}

/**
 * Loads and validates every `*.md` runbook in `dir` (README.md is the authoring guide, not a runbook). Checks each
 * file and then the references between them and the config: checklist queries must name a template of the runbook
 * or the config, `match.services` must be configured services, and every runbook a route names must exist.
 * Returns all problems at once, each with file:line:column.
 */
export function loadRunbooks(dir: string, context: RunbookContext): Result<Runbook[], RunbookIssue[]> {
  if (!existsSync(dir)) {
    return context.routeRunbooks.length === 0
      ? ok([])
      : err([
          {
            file: dir,
            line: 1,
            column: 1,
            message: "runbooks folder not found but routes name runbooks; set KLAXON_RUNBOOKS_DIR",
          },
        ]);
  }
  const issues: RunbookIssue[] = [];
  const runbooks: Runbook[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f.toLowerCase() !== "readme.md")
    .sort();
  for (const f of files) {
    const file = join(dir, f);
    const name = basename(f, ".md");
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      issues.push({
        file,
        line: 1,
        column: 1,
        message: "runbook file names are kebab-case (they become /runbooks/<name> links)",
      });
      continue;
    }
    const text = readFileSync(file, "utf8");
    const parsed = parseRunbook(file, name, text);
    if (!parsed.ok) {
      issues.push(...parsed.error);
      continue;
    }
    issues.push(...crossCheck(parsed.value, text, context));
    runbooks.push(parsed.value);
  }
  const names = new Set(runbooks.map((r) => r.name));
  for (const ref of new Set(context.routeRunbooks)) {
    if (!names.has(ref) && !files.includes(`${ref}.md`)) {
      issues.push({
        file: join(dir, `${ref}.md`),
        line: 1,
        column: 1,
        message: `a route names runbook "${ref}" but there is no such file`,
      });
    }
  }
  return issues.length > 0 ? err(issues) : ok(runbooks);
}

function lineOf(text: string, needle: string): number {
  const idx = text.indexOf(needle);
  return idx < 0 ? 1 : text.slice(0, idx).split("\n").length;
}

function crossCheck(runbook: Runbook, text: string, context: RunbookContext): RunbookIssue[] {
  const issues: RunbookIssue[] = [];
  for (const item of runbook.checklist) {
    const q = item.query;
    if (!q || q.template === CHANGES_STEP) continue;
    const template = runbook.queries[q.template] ?? context.templates[q.template];
    const line = lineOf(text, q.template);
    if (!template) {
      issues.push({
        file: runbook.file,
        line,
        column: 1,
        message: `checklist step "${item.text}" runs unknown query "${q.template}"; define it under queries: or in the config's templates`,
      });
      continue;
    }
    for (const key of Object.keys(q.params)) {
      if (!(key in template.params)) {
        issues.push({
          file: runbook.file,
          line,
          column: 1,
          message: `checklist step "${item.text}" passes "${key}", which query "${q.template}" does not declare (it takes: ${Object.keys(template.params).join(", ") || "no parameters"})`,
        });
      }
    }
  }
  const services = runbook.match.services === undefined ? [] : [runbook.match.services].flat();
  for (const s of services) {
    if (!context.services.includes(s)) {
      issues.push({
        file: runbook.file,
        line: lineOf(text, s),
        column: 1,
        message: `match.services names "${s}", which is not a configured service`,
      });
    }
  }
  return issues;
}
