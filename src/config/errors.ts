import { KlaxonError } from "../shared/klaxon-error.js";

/** One problem in the configuration: where it is and what was expected. */
export interface ConfigIssue {
  /** `env.SLACK_BOT_TOKEN` or `klaxon.yaml: routes[2].channel`. */
  readonly path: string;
  readonly message: string;
}

/** Start-up cannot continue: lists every configuration problem at once. */
export class ConfigError extends KlaxonError {
  override name = "ConfigError";
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      "config_invalid",
      `klaxon cannot start: ${issues.length} configuration problem${issues.length === 1 ? "" : "s"}:\n` +
        issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n"),
    );
    this.issues = issues;
  }
}
