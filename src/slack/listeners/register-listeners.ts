import type { App } from "@slack/bolt";
import type { FindChanges } from "../../changes/find-changes.js";
import type { Config } from "../../config/load-config.js";
import type { ErrorSummaryDeps } from "../../error-summary/error-summary-types.js";
import type { Metrics } from "../../http/metrics.js";
import type { InsightsCommandDeps } from "../../insights/insights-command.js";
import type { CompiledTemplate } from "../../insights/query-template.js";
import type { MuteRegistry } from "../../mutes/mute-registry.js";
import type { ReportOutput } from "../../reports/run-report.js";
import type { Runbook } from "../../runbooks/runbook-schema.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";
import type { TraceDeps } from "../../trace/run-trace.js";
import type { AppHomePublisher } from "../app-home-publisher.js";
import { registerAlarmActions } from "./alarm-actions.js";
import { registerAppHome } from "./app-home.js";
import { registerErrorsCommand } from "./errors-command.js";
import { registerInsightsCommand } from "./insights-command.js";
import { registerKlaxonCommand } from "./klaxon-command.js";
import { registerLinkButtons } from "./link-buttons.js";
import { registerRunbookActions } from "./runbook-actions.js";
import { registerRunbookCommand } from "./runbook-command.js";
import { registerTraceCommand } from "./trace-command.js";

/** What the listeners need; each listener takes only its part. */
export interface ListenerDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly config: Config;
  readonly insights: InsightsCommandDeps;
  readonly userGroupsOf: (userId: string) => Promise<readonly string[]>;
  readonly runbooks: readonly Runbook[];
  readonly runbookTemplates: ReadonlyMap<string, ReadonlyMap<string, CompiledTemplate>>;
  readonly runbookLink: (name: string) => string | undefined;
  readonly errors: ErrorSummaryDeps;
  readonly trace: TraceDeps;
  readonly kickOutbox: () => void;
  /** `/klaxon mute|unmute|mutes`; the commands answer "unknown" when absent. */
  readonly mutes?: MuteRegistry;
  /** Called after a mute was added or ended. */
  readonly onMutesChanged?: () => void;
  /** Publishes Home tabs on `app_home_opened`. */
  readonly appHome?: AppHomePublisher;
  /** Called with each report `/klaxon report` built (the App Home shows the last headline). */
  readonly onReport?: (output: ReportOutput) => void;
  /** `/klaxon changes`, or undefined when change lookups are off. */
  readonly changes?: {
    readonly find: FindChanges;
    readonly lookbackMinutes: number;
    /** klaxon's own region, where on-demand lookups go. */
    readonly region: string;
  };
}

/** Registers every slash command and interaction listener on the Bolt app. Listeners stay thin. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerKlaxonCommand(app, deps);
  registerInsightsCommand(app, deps);
  registerErrorsCommand(app, {
    errors: deps.errors,
    logger: deps.logger,
    metrics: deps.metrics,
    chart: true,
    allowAnyLogGroup: deps.config.file.errors.allowAnyLogGroup,
    userGroupsOf: deps.userGroupsOf,
  });
  registerTraceCommand(app, { trace: deps.trace, logger: deps.logger, userGroupsOf: deps.userGroupsOf });
  registerRunbookCommand(app, deps);
  registerRunbookActions(app, deps);
  registerAlarmActions(app, deps);
  registerLinkButtons(app);
  if (deps.appHome) registerAppHome(app, { appHome: deps.appHome, logger: deps.logger });
}
