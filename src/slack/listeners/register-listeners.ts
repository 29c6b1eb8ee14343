import type { App } from "@slack/bolt";
import type { Config } from "../../config/load-config.js";
import type { Metrics } from "../../http/metrics.js";
import type { InsightsCommandDeps } from "../../insights/insights-command.js";
import type { Runbook } from "../../runbooks/runbook-schema.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";
import { registerInsightsCommand } from "./insights-command.js";
import { registerKlaxonCommand } from "./klaxon-command.js";
import { registerLinkButtons } from "./link-buttons.js";

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
}

/** Registers every slash command and interaction listener on the Bolt app. Listeners stay thin. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerKlaxonCommand(app, deps);
  registerInsightsCommand(app, deps);
  registerLinkButtons(app);
}
