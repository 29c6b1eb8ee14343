import { ConfigError } from "../config/errors.js";
import { loadConfig } from "../config/load-config.js";
import { prepareConfig } from "../config/prepare-config.js";
import type { CliIo } from "./cli-io.js";

/**
 * `klaxon validate`: checks the config file, every query template and every runbook exactly as start-up does and
 * prints each problem as `path: message` (runbooks as `file:line:column: message`). Exit 0 when valid, 1 otherwise
 * — suitable as the CI check of a runbook or config repository. Problems are the report, so they go to `out`.
 */
export function validateCommand(env: NodeJS.ProcessEnv, io: CliIo): number {
  const { out } = io;
  try {
    const config = loadConfig(env);
    const prepared = prepareConfig(config.file, config.env.KLAXON_RUNBOOKS_DIR, config.configPath);
    if (!prepared.ok) {
      for (const issue of prepared.error) out(`${issue.path}: ${issue.message}`);
      out(`\n${prepared.error.length} problem${prepared.error.length === 1 ? "" : "s"} found.`);
      return 1;
    }
    out(
      `ok: ${config.configPath}: ${prepared.value.templates.size} templates, ${Object.keys(config.file.services).length} services, ${config.file.routes.length} routes; ${prepared.value.runbooks.length} runbooks in ${config.env.KLAXON_RUNBOOKS_DIR}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const issue of error.issues) out(`${issue.path}: ${issue.message}`);
      return 1;
    }
    throw error;
  }
}
