import type { ParamConfig, TemplateConfig } from "../config/schema.js";
import { err, ok, type Result } from "../shared/result.js";
import { defaultRawValue, validateParamValue } from "./bind-params.js";
import { parseQuery } from "./query-language/parse-query.js";
import { type CompiledTemplate, compileTemplate, renderQuery, type TemplateIssue } from "./query-template.js";
import { type BoundValue, findForbiddenCharacter, quoteValue, type SlotContext } from "./quote-value.js";
import { durationSeconds } from "./time-window.js";

const MAX_QUERY_CHARS = 10_000;
const MAX_LOG_GROUPS = 50;

/** A structurally neutral value of the parameter's type, used to check that the template parses. */
function sampleValue(param: ParamConfig): BoundValue {
  switch (param.type) {
    case "int":
      return { type: "int", value: param.default ?? param.min ?? param.max ?? 1 };
    case "duration":
      return { type: "duration", text: param.default ?? "5m" };
    case "enum":
      return { type: "text", text: param.default ?? param.values[0] ?? "x" };
    default:
      return { type: "text", text: "sample-1" };
  }
}

function checkParam(name: string, param: ParamConfig, contexts: ReadonlySet<SlotContext>): string[] {
  const problems: string[] = [];
  if (param.type === "string" && param.pattern !== undefined) {
    try {
      new RegExp(param.pattern);
    } catch {
      problems.push(`parameter ${name}: pattern ${param.pattern} is not a valid regular expression`);
    }
  }
  if (param.type === "int" && param.min !== undefined && param.max !== undefined && param.min > param.max)
    problems.push(`parameter ${name}: min ${param.min} is above max ${param.max}`);
  if (param.type === "enum") {
    for (const value of param.values) {
      for (const context of contexts) {
        const bad = findForbiddenCharacter(value, context);
        if (bad) problems.push(`parameter ${name}: enum value "${value}" contains ${bad.label}; remove it`);
      }
    }
  }
  const raw = defaultRawValue(param);
  if (raw !== undefined && problems.length === 0) {
    const value = validateParamValue(name, param, raw);
    if (!value.ok) problems.push(`default: ${value.error.message}`);
    else
      for (const context of contexts) {
        const quoted = quoteValue(name, value.value, context);
        if (!quoted.ok) problems.push(`default: ${quoted.error.message}`);
      }
  }
  return problems;
}

function checkCompiled(template: CompiledTemplate): string[] {
  const problems: string[] = [];
  const contexts = new Map<string, Set<SlotContext>>();
  for (const s of template.segments) {
    if (s.kind === "slot") contexts.set(s.name, (contexts.get(s.name) ?? new Set()).add(s.context));
  }
  for (const [name, param] of Object.entries(template.params))
    problems.push(...checkParam(name, param, contexts.get(name) ?? new Set()));

  if (template.logGroups.length > MAX_LOG_GROUPS)
    problems.push(
      `logGroups lists ${template.logGroups.length} groups; StartQuery accepts at most ${MAX_LOG_GROUPS}`,
    );
  for (const group of template.logGroups) {
    if (group.includes("*")) problems.push(`log group ${group} contains *; list exact log group names`);
    if (/\$\{|\{[A-Za-z_]/.test(group)) problems.push(`log group ${group} still has an unexpanded variable`);
  }
  const def = durationSeconds(template.defaultWindow);
  const max = durationSeconds(template.maxWindow);
  if (def !== undefined && max !== undefined && def > max)
    problems.push(`defaultWindow ${template.defaultWindow} is longer than maxWindow ${template.maxWindow}`);

  const samples = Object.fromEntries(Object.entries(template.params).map(([n, p]) => [n, sampleValue(p)]));
  const rendered = renderQuery(template, samples);
  if (!rendered.ok) return [...problems, rendered.error.message];
  if (rendered.value.length > MAX_QUERY_CHARS)
    problems.push(
      `the query is ${rendered.value.length} characters; CloudWatch accepts at most ${MAX_QUERY_CHARS}`,
    );
  const parsed = parseQuery(rendered.value);
  if (!parsed.ok) problems.push(`the query does not parse with sample values: ${parsed.error.message}`);
  return problems;
}

/**
 * Checks every config template at start-up and in `klaxon validate`: slots match declared parameters,
 * patterns compile, defaults and enum values are valid and safe in their slots, log groups are concrete,
 * windows are consistent, and the query parses as Logs Insights QL with sample values. Empty means all good.
 */
export function validateTemplates(templates: Readonly<Record<string, TemplateConfig>>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const [name, config] of Object.entries(templates)) {
    const compiled = compileTemplate(name, config);
    if (!compiled.ok) issues.push(...compiled.error);
    else issues.push(...checkCompiled(compiled.value).map((message) => ({ template: name, message })));
  }
  return issues;
}

/**
 * Validates and compiles all templates for the `/insights` command, keyed by name; any issue fails the whole
 * set so klaxon never starts with a template that would misbehave.
 */
export function compileTemplates(
  templates: Readonly<Record<string, TemplateConfig>>,
): Result<ReadonlyMap<string, CompiledTemplate>, TemplateIssue[]> {
  const issues = validateTemplates(templates);
  if (issues.length > 0) return err(issues);
  const compiled = new Map<string, CompiledTemplate>();
  for (const [name, config] of Object.entries(templates)) {
    const c = compileTemplate(name, config);
    if (c.ok) compiled.set(name, c.value);
  }
  return ok(compiled);
}
