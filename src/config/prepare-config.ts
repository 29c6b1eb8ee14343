import { isKnownAccount } from "../aws/aws-accounts.js";
import type { CompiledTemplate } from "../insights/query-template.js";
import { compileTemplates } from "../insights/validate-templates.js";
import { loadRunbooks } from "../runbooks/load-runbooks.js";
import type { Runbook } from "../runbooks/runbook-schema.js";
import type { Result } from "../shared/result.js";
import { err, ok } from "../shared/result.js";
import { ConfigError, type ConfigIssue } from "./errors.js";
import type { Config } from "./load-config.js";
import type { FileConfig } from "./schema.js";
import { locateInYamlFile } from "./yaml-location.js";

/** What start-up derives from the config: compiled query templates and validated runbooks. */
export interface PreparedConfig {
  readonly templates: ReadonlyMap<string, CompiledTemplate>;
  readonly runbooks: readonly Runbook[];
  /** Per runbook: the config templates plus its own `queries`, which win on a name clash. */
  readonly runbookTemplates: ReadonlyMap<string, ReadonlyMap<string, CompiledTemplate>>;
}

/**
 * Checks everything the schema alone cannot: every query template parses and its parameters line up, every
 * runbook is valid and references real templates and services, and every route names a configured service and an
 * existing runbook. All problems come back together, so start-up and `klaxon validate` report them at once.
 */
export function prepareConfig(
  file: FileConfig,
  runbooksDir: string,
  configPath: string,
): Result<PreparedConfig, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const templates = compileTemplates(file.templates);
  if (!templates.ok)
    issues.push(
      ...templates.error.map((i) => ({
        path: locateInYamlFile(configPath, ["templates", i.template]),
        message: i.message,
      })),
    );
  file.routes.forEach((r, i) => {
    if (r.service !== undefined && !(r.service in file.services)) {
      issues.push({
        path: locateInYamlFile(configPath, ["routes", i, "service"]),
        message: `"${r.service}" is not a configured service (known: ${Object.keys(file.services).join(", ") || "none"})`,
      });
    }
  });
  issues.push(...accountIssues(file, configPath));
  const runbooks = loadRunbooks(runbooksDir, {
    templates: file.templates,
    services: Object.keys(file.services),
    routeRunbooks: file.routes.flatMap((r) => (r.runbook ? [r.runbook] : [])),
  });
  if (!runbooks.ok)
    issues.push(
      ...runbooks.error.map((i) => ({ path: `${i.file}:${i.line}:${i.column}`, message: i.message })),
    );
  const runbookTemplates = new Map<string, ReadonlyMap<string, CompiledTemplate>>();
  for (const rb of runbooks.ok ? runbooks.value : []) {
    const local = compileTemplates(rb.queries);
    if (!local.ok) {
      issues.push(
        ...local.error.map((i) => ({ path: `${rb.file}: queries.${i.template}`, message: i.message })),
      );
      continue;
    }
    runbookTemplates.set(rb.name, new Map([...(templates.ok ? templates.value : []), ...local.value]));
  }
  if (issues.length > 0 || !templates.ok || !runbooks.ok) return err(issues);
  return ok({ templates: templates.value, runbooks: runbooks.value, runbookTemplates });
}

/** A loaded config together with what start-up derives from it: what `startKlaxon` runs on. */
export interface StartConfig extends Config {
  readonly prepared: PreparedConfig;
}

/**
 * Prepares a loaded config for start-up (templates compiled, runbooks loaded and checked). Every problem comes
 * back at once as a `ConfigError`, so the operator fixes them in one go before anything is started.
 */
export function prepareForStart(config: Config): StartConfig {
  const prepared = prepareConfig(config.file, config.env.KLAXON_RUNBOOKS_DIR, config.configPath);
  if (!prepared.ok) throw new ConfigError(prepared.error);
  return { ...config, prepared: prepared.value };
}

/**
 * Every service and template `account` must be an `accounts:` key or an id one of them stands for; a typo would
 * otherwise quietly query klaxon's own account.
 */
function accountIssues(file: FileConfig, configPath: string): ConfigIssue[] {
  const known = Object.keys(file.accounts);
  const check = (section: "services" | "templates", name: string, account: string | undefined) =>
    account === undefined || isKnownAccount(file.accounts, account)
      ? []
      : [
          {
            path: locateInYamlFile(configPath, [section, name, "account"]),
            message: `"${account}" is not under accounts: (known: ${known.join(", ") || "none"}); add it there with its roleArn, or fix the name`,
          },
        ];
  return [
    ...Object.entries(file.services).flatMap(([name, s]) => check("services", name, s.account)),
    ...Object.entries(file.templates).flatMap(([name, t]) => check("templates", name, t.account)),
  ];
}
