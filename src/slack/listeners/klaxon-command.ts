import type { App } from "@slack/bolt";
import { partitionForRegion } from "../../alarms/parse-arn.js";
import { parseChangesArgs } from "../../changes/parse-changes-args.js";
import type { SlackMode } from "../../config/load-config.js";
import type { Route, ServiceConfig } from "../../config/schema.js";
import type { MuteRegistry } from "../../mutes/mute-registry.js";
import type { ReportOutput } from "../../reports/run-report.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";
import { renderChangesSection } from "../blocks/changes-section.js";
import { renderMuteLine } from "../blocks/mute-messages.js";
import type { ChangeLookups } from "./changes-step-answer.js";
import { muteCommandAnswer } from "./mute-commands.js";
import { answerReportCommand } from "./report-command.js";
import { timelineCommandAnswer } from "./timeline-command.js";

/** What `/klaxon` needs: its subcommands' parts, and the few facts about the config that `status` shows. */
export interface KlaxonCommandDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly userGroupsOf: (userId: string) => Promise<readonly string[]>;
  readonly routes: readonly Route[];
  readonly services: Readonly<Record<string, ServiceConfig>>;
  /** `/klaxon status`: the mode, the default channel, how many SNS topics are allowed and templates loaded. */
  readonly status: {
    readonly mode: SlackMode;
    readonly defaultChannel: string;
    readonly snsTopics: number | "any";
    readonly templates: number;
  };
  /** `/klaxon mute|unmute|mutes`; the commands answer "unknown" when absent. */
  readonly mutes?: MuteRegistry | undefined;
  /** Called after a mute was added or ended. */
  readonly onMutesChanged?: (() => void) | undefined;
  /** Called with each report `/klaxon report` built (the App Home shows the last headline). */
  readonly onReport?: ((output: ReportOutput) => void) | undefined;
  /** `/klaxon changes`; absent when change lookups are off. */
  readonly changes?: ChangeLookups | undefined;
  /** Counts each subcommand. */
  readonly onCommand: (command: string, result: string) => void;
}

/** The commands klaxon answers, for `/klaxon help`. */
export const HELP_TEXT = [
  "*klaxon* — CloudWatch alarms and Logs Insights in Slack",
  "• `/insights` — list query templates; `/insights <template> key=value … [window]` runs one",
  "• `/trace <request-id> [window]` — one request across every service, one timeline",
  "• `/errors <service|log-group> [window]` — error spike summary with new patterns",
  "• `/runbook [name]` — list runbooks or post one's checklist here",
  "• `/klaxon status` — outbox backlog and configuration summary",
  "• `/klaxon changes [service|resource] [window]` — write API calls (CloudTrail) and ECS deployments, most relevant first",
  "• `/klaxon mute <alarm-glob|route> <duration|until time> [reason]` — hold back new alarms (stored, listed when the window ends)",
  "• `/klaxon unmute <id>` — end a mute early; `/klaxon mutes` — list active mute windows",
  "• `/klaxon timeline <alarm-name>` — post the timeline and postmortem draft of that alarm's newest episode in its thread",
  "• `/klaxon report [7d|30d] [route|service]` — alarm hygiene: episodes, time in ALARM, time to acknowledge and resolve, noisy, flapping and unacknowledged alarms",
  "Windows: `15m`, `2h`, `1d`, `since 09:30`, `2026-11-20T10:00Z..2026-11-20T11:00Z`.",
].join("\n");

/**
 * `/klaxon help|status|changes|mute|unmute|mutes|timeline|report`: ack at once; help, status, the mute list, refusals
 * and timeline answers are ephemeral; changes, reports and new or ended mutes go in the channel.
 */
export function registerKlaxonCommand(app: App, deps: KlaxonCommandDeps): void {
  app.command("/klaxon", async ({ ack, command, respond, client }) => {
    await ack();
    const [first = "", ...rest] = command.text.trim().split(/\s+/);
    const sub = first.toLowerCase();
    if (sub === "changes") {
      deps.onCommand("klaxon", "changes");
      await respond(await changesAnswer(deps, rest.join(" ")));
      return;
    }
    deps.onCommand("klaxon", sub || "help");
    if (sub === "timeline") {
      const text = await timelineCommandAnswer(
        { store: deps.store, logger: deps.logger, now: deps.clock() },
        client,
        rest.join(" "),
      );
      await respond({ response_type: "ephemeral", text });
      return;
    }
    if (sub === "report") {
      await answerReportCommand(
        { store: deps.store, clock: deps.clock, logger: deps.logger, onReport: deps.onReport },
        { text: rest.join(" "), channelId: command.channel_id, client, respond },
      );
      return;
    }
    if ((sub === "mute" || sub === "unmute" || sub === "mutes") && deps.mutes) {
      await respond(
        await muteCommandAnswer(
          {
            mutes: deps.mutes,
            routes: deps.routes,
            clock: deps.clock,
            logger: deps.logger,
            userGroupsOf: deps.userGroupsOf,
            onChange: deps.onMutesChanged,
          },
          sub,
          rest.join(" "),
          command.user_id,
        ),
      );
      return;
    }
    if (sub === "status") {
      const pending = await deps.store.pendingOutboxCount();
      const muted = deps.mutes ? await deps.mutes.active(deps.clock()) : [];
      await respond({
        response_type: "ephemeral",
        text: [
          `*klaxon status* (${deps.status.mode} mode)`,
          `• Slack messages waiting in the outbox: ${pending}`,
          `• routes: ${deps.routes.length}, default channel ${deps.status.defaultChannel}`,
          `• SNS topics allowed: ${deps.status.snsTopics}`,
          `• query templates: ${deps.status.templates}, services: ${Object.keys(deps.services).length}`,
          `• active mute windows: ${muted.length}`,
          ...muted.map((w) => `  ${renderMuteLine(w)}`),
        ].join("\n"),
      });
      return;
    }
    await respond({ response_type: "ephemeral", text: HELP_TEXT });
  });
}

/** `/klaxon changes`: parse, look up in klaxon's own region, render; problems answer ephemerally. */
async function changesAnswer(
  deps: KlaxonCommandDeps,
  text: string,
): Promise<{
  response_type: "ephemeral" | "in_channel";
  text: string;
  blocks?: ReturnType<typeof renderChangesSection>["blocks"];
}> {
  const changes = deps.changes;
  if (!changes)
    return {
      response_type: "ephemeral",
      text: "Change lookups are off (`changes.enabled: false` in klaxon.yaml).",
    };
  const args = parseChangesArgs(text, {
    services: deps.services,
    lookbackMinutes: changes.lookbackMinutes,
    now: deps.clock(),
  });
  if (!args.ok) return { response_type: "ephemeral", text: args.error.message };
  const a = args.value;
  // A service that names its account and region is looked up there.
  const service =
    a.serviceName !== undefined && Object.hasOwn(deps.services, a.serviceName)
      ? deps.services[a.serviceName]
      : undefined;
  const region = service?.region ?? changes.region;
  const report = await changes.find({
    region,
    ...(service?.account !== undefined && { account: service.account }),
    partition: partitionForRegion(region),
    startMs: a.startMs,
    endMs: a.endMs,
    ...(a.serviceName !== undefined && { serviceName: a.serviceName }),
    serviceResources: a.resources,
    ...(a.resourceFilter !== undefined && { resourceFilter: a.resourceFilter }),
  });
  const what = a.serviceName ?? a.resourceFilter;
  const heading = `:arrows_counterclockwise: *Changes${what !== undefined ? ` for ${what.replace(/[*_`~<>&]/g, "")}` : ""}* (${a.label}, ${region})`;
  const message = renderChangesSection(report, { heading, referenceMs: a.endMs, relativeTo: "now" });
  return { response_type: "in_channel", text: `Changes: ${message.text}`, blocks: message.blocks };
}
