import type { App } from "@slack/bolt";
import type { AppHomePublisher } from "../app-home-publisher.js";
import { type AlarmActionDeps, registerAlarmActions } from "./alarm-actions.js";
import { registerAppHome } from "./app-home.js";
import { type ErrorsListenerDeps, registerErrorsCommand } from "./errors-command.js";
import { type InsightsListenerDeps, registerInsightsCommand } from "./insights-command.js";
import { type KlaxonCommandDeps, registerKlaxonCommand } from "./klaxon-command.js";
import { registerLinkButtons } from "./link-buttons.js";
import { type RunbookActionDeps, registerRunbookActions } from "./runbook-actions.js";
import { type RunbookCommandDeps, registerRunbookCommand } from "./runbook-command.js";
import { registerTraceCommand, type TraceListenerDeps } from "./trace-command.js";

/**
 * What all listeners need together: the union of the deps each listener declares next to itself (a shared name
 * means the same thing everywhere), so each one is handed only the part its type names.
 */
export type ListenerDeps = KlaxonCommandDeps &
  InsightsListenerDeps &
  ErrorsListenerDeps &
  TraceListenerDeps &
  RunbookCommandDeps &
  RunbookActionDeps &
  AlarmActionDeps & {
    /** Publishes Home tabs on `app_home_opened`. */
    readonly appHome?: AppHomePublisher | undefined;
  };

/** Registers every slash command and interaction listener on the Bolt app. Listeners stay thin. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerKlaxonCommand(app, deps);
  registerInsightsCommand(app, deps);
  registerErrorsCommand(app, deps);
  registerTraceCommand(app, deps);
  registerRunbookCommand(app, deps);
  registerRunbookActions(app, deps);
  registerAlarmActions(app, deps);
  registerLinkButtons(app);
  if (deps.appHome) registerAppHome(app, { appHome: deps.appHome, logger: deps.logger });
}
