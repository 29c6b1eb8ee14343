import { KlaxonError } from "../shared/klaxon-error.js";

/** One problem in a runbook file, located so an editor or CI can jump to it. */
export interface RunbookIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Formats an issue as `file:line:column: message`, the shape editors and CI annotations understand. */
export function formatRunbookIssue(issue: RunbookIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

/** Runbooks failed validation at start-up. */
export class RunbookError extends KlaxonError {
  override name = "RunbookError";
  readonly issues: readonly RunbookIssue[];

  constructor(issues: readonly RunbookIssue[]) {
    super(
      "runbooks_invalid",
      `runbooks are invalid:\n${issues.map((i) => `  ${formatRunbookIssue(i)}`).join("\n")}`,
    );
    this.issues = issues;
  }
}
