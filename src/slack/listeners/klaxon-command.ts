import type { App } from "@slack/bolt";
import type { ListenerDeps } from "./register-listeners.js";

/** The commands klaxon answers, for `/klaxon help`. */
export const HELP_TEXT = [
  "*klaxon* — CloudWatch alarms and Logs Insights in Slack",
  "• `/insights` — list query templates; `/insights <template> key=value … [window]` runs one",
  "• `/trace <request-id> [window]` — one request across every service, one timeline",
  "• `/errors <service|log-group> [window]` — error spike summary with new patterns",
  "• `/runbook [name]` — list runbooks or post one's checklist here",
  "• `/klaxon status` — outbox backlog and configuration summary",
  "Windows: `15m`, `2h`, `1d`, `since 09:30`, `2026-11-20T10:00Z..2026-11-20T11:00Z`.",
].join("\n");

/** `/klaxon help|status`: ack at once, answer ephemerally. */
export function registerKlaxonCommand(app: App, deps: ListenerDeps): void {
  app.command("/klaxon", async ({ ack, command, respond }) => {
    await ack();
    const sub = command.text.trim().toLowerCase();
    deps.metrics.slashCommands.inc({ command: "klaxon", result: sub || "help" });
    if (sub === "status") {
      const pending = await deps.store.pendingOutboxCount();
      const f = deps.config.file;
      await respond({
        response_type: "ephemeral",
        text: [
          `*klaxon status* (${deps.config.mode} mode)`,
          `• Slack messages waiting in the outbox: ${pending}`,
          `• routes: ${f.routes.length}, default channel ${f.slack.defaultChannel}`,
          `• SNS topics allowed: ${f.sns.allowAnyTopic ? "any" : f.sns.topicArns.length}`,
          `• query templates: ${Object.keys(f.templates).length}, services: ${Object.keys(f.services).length}`,
        ].join("\n"),
      });
      return;
    }
    await respond({ response_type: "ephemeral", text: HELP_TEXT });
  });
}
