import { type AwsTarget, targetOf } from "../aws/aws-accounts.js";
import type { ParamConfig } from "../config/schema.js";
import { bindParams, parseCommandArgs, templateUsage } from "./bind-params.js";
import { consoleQueryUrl } from "./console-query-url.js";
import type { InsightsErrorCode } from "./errors.js";
import type { QueryStatistics, QueryStatus } from "./logs-query-backend.js";
import type { QueryDeps, QueryLimits } from "./query-deps.js";
import { type CompiledTemplate, renderQuery } from "./query-template.js";
import { type PartialReason, runQuery } from "./run-query.js";
import { parseTimeWindow, type TimeWindow } from "./time-window.js";

/** The shared query deps plus the compiled templates; `limits` also carries the default row limit. */
export interface InsightsCommandDeps extends QueryDeps {
  readonly templates: ReadonlyMap<string, CompiledTemplate>;
  readonly limits: QueryLimits & { readonly defaultLimit: number };
}

export interface InsightsCommandInput {
  readonly text: string;
  readonly channelId: string;
  readonly userId: string;
  /** IDs (S…) of the user's Slack user groups, for templates limited to `allowedUserGroups`. */
  readonly userGroupIds: readonly string[];
  /** Where a template that names no account or region runs (a Run button: the alarm's); klaxon's own when absent. */
  readonly target?: AwsTarget;
}

export interface TemplateSummary {
  readonly name: string;
  readonly description: string;
  readonly usage: string;
  readonly params: readonly { readonly name: string; readonly param: ParamConfig }[];
}

/** Everything `/insights` can answer; the Slack layer renders it (src/slack/blocks/insights-answer.ts). */
export type InsightsAnswer =
  | { readonly kind: "list"; readonly templates: readonly TemplateSummary[] }
  | { readonly kind: "usage"; readonly message: string; readonly usage: string | undefined }
  | { readonly kind: "denied"; readonly templateName: string; readonly reason: string }
  | {
      readonly kind: "failed";
      readonly templateName: string;
      readonly code: InsightsErrorCode;
      readonly message: string;
      readonly consoleUrl: string;
    }
  | {
      readonly kind: "result";
      readonly templateName: string;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly statistics: QueryStatistics;
      readonly status: QueryStatus;
      readonly partial: boolean;
      readonly partialReason: PartialReason | undefined;
      readonly note: string | undefined;
      readonly consoleUrl: string;
      readonly window: TimeWindow;
      readonly queryString: string;
    };

const HIDDEN_FIELDS = new Set(["@ptr"]);

/** Why this user in this channel may not run the template, or undefined when they may. */
function accessDenial(template: CompiledTemplate, input: InsightsCommandInput): string | undefined {
  if (template.allowedChannels && !template.allowedChannels.includes(input.channelId))
    return `${template.name} can only be run in its allowed channels; ask in one of them or have allowedChannels extended.`;
  if (template.allowedUserGroups && !template.allowedUserGroups.some((g) => input.userGroupIds.includes(g)))
    return `${template.name} is limited to certain user groups and you are not in any of them; ask an admin.`;
  return undefined;
}

function summarise(template: CompiledTemplate): TemplateSummary {
  return {
    name: template.name,
    description: template.description,
    usage: templateUsage(template),
    params: Object.entries(template.params).map(([name, param]) => ({ name, param })),
  };
}

/** Columns in first-seen order across rows, without `@ptr`; rows aligned to them ("" where a row lacks one). */
function tabulate(results: readonly (readonly { field: string; value: string }[])[]): {
  columns: string[];
  rows: string[][];
} {
  const columns: string[] = [];
  for (const row of results)
    for (const cell of row)
      if (!HIDDEN_FIELDS.has(cell.field) && !columns.includes(cell.field)) columns.push(cell.field);
  const rows = results.map((row) => {
    const byField = new Map(row.map((c) => [c.field, c.value]));
    return columns.map((c) => byField.get(c) ?? "");
  });
  return { columns, rows };
}

/**
 * The whole `/insights` command without Slack: no text lists the templates this user may run here; otherwise
 * it resolves the template, checks channel and user-group access, binds `key=value` parameters and the time
 * window, renders the injection-safe query, runs it through the shared limiter and returns the table,
 * statistics and a console link. Every expected problem comes back as an answer, never a throw.
 */
export async function runInsightsCommand(
  deps: InsightsCommandDeps,
  input: InsightsCommandInput,
): Promise<InsightsAnswer> {
  const text = input.text.trim();
  const visible = [...deps.templates.values()].filter((t) => accessDenial(t, input) === undefined);
  if (text === "" || text === "help" || text === "list")
    return { kind: "list", templates: visible.map(summarise) };

  const args = parseCommandArgs(text);
  if (!args.ok) return { kind: "usage", message: args.error.message, usage: undefined };
  const name = args.value.templateName ?? "";
  const template = deps.templates.get(name);
  if (!template) {
    const names = visible.map((t) => t.name).join(", ");
    return {
      kind: "usage",
      message: `There is no template called ${name}. ${names ? `Available: ${names}.` : "No templates are configured."} Run /insights with no arguments to list them.`,
      usage: undefined,
    };
  }
  const denial = accessDenial(template, input);
  if (denial) return { kind: "denied", templateName: template.name, reason: denial };

  const usage = `/insights ${templateUsage(template)}`;
  const values = bindParams(template, args.value.params);
  if (!values.ok) return { kind: "usage", message: values.error.message, usage };
  const window = parseTimeWindow(args.value.rest, {
    now: deps.clock(),
    defaultWindow: template.defaultWindow,
    maxWindow: template.maxWindow,
  });
  if (!window.ok) return { kind: "usage", message: window.error.message, usage };
  const query = renderQuery(template, values.value);
  if (!query.ok) return { kind: "usage", message: query.error.message, usage };

  const target = targetOf(template, input.target);
  const request = {
    logGroupNames: template.logGroups,
    ...(target !== undefined && { target }),
    queryString: query.value,
    startTime: window.value.startTime,
    endTime: window.value.endTime,
    limit: deps.limits.defaultLimit,
  };
  const consoleUrl = consoleQueryUrl({ ...request, region: target?.region ?? deps.region });
  deps.logger.info(
    { template: template.name, userId: input.userId, channelId: input.channelId, window: window.value.label },
    "insights query",
  );
  const outcome = await deps.limiter.run(() =>
    runQuery(
      {
        backend: deps.backend,
        clock: deps.clock,
        sleep: deps.sleep,
        logger: deps.logger,
        ...(deps.random ? { random: deps.random } : {}),
      },
      request,
      {
        timeoutMs: deps.limits.timeoutSeconds * 1000,
        pollIntervalMs: deps.limits.pollIntervalMs,
        maxBytesScanned: deps.limits.maxBytesScanned,
      },
    ),
  );
  if (!outcome.ok)
    return {
      kind: "failed",
      templateName: template.name,
      code: outcome.error.code,
      message: outcome.error.message,
      consoleUrl,
    };
  const { columns, rows } = tabulate(outcome.value.results);
  return {
    kind: "result",
    templateName: template.name,
    columns,
    rows,
    statistics: outcome.value.statistics,
    status: outcome.value.status,
    partial: outcome.value.partial,
    partialReason: outcome.value.partialReason,
    note: outcome.value.note,
    consoleUrl,
    window: window.value,
    queryString: query.value,
  };
}
