import type { App } from "@slack/bolt";
import { newChecklist } from "../../runbooks/checklist-state.js";
import type { Runbook } from "../../runbooks/runbook-schema.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";
import { buildChecklistMessage } from "../blocks/checklist-message.js";
import { safeInline } from "../safe-text.js";

/** What `/runbook` needs. */
export interface RunbookCommandDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly runbooks: readonly Runbook[];
  readonly runbookLink: (name: string) => string | undefined;
  /** Counts each answer by result (list, unknown, posted). */
  readonly onCommand: (command: string, result: string) => void;
}

/**
 * `/runbook` lists the runbooks (only to the caller); `/runbook <name>` posts that runbook's checklist into the
 * channel as a fresh, interactive checklist whose ticks are kept like those in alarm threads.
 */
export function registerRunbookCommand(app: App, deps: RunbookCommandDeps): void {
  app.command("/runbook", async ({ ack, command, respond, client }) => {
    await ack();
    const name = command.text.trim().toLowerCase();
    if (name === "" || name === "list" || name === "help") {
      deps.onCommand("runbook", "list");
      const lines = deps.runbooks.map((r) => {
        const url = deps.runbookLink(r.name);
        const title = safeInline(r.title, 120);
        return `• \`${r.name}\` — ${url ? `<${url}|${title}>` : title} (${r.checklist.length} steps)`;
      });
      await respond({
        response_type: "ephemeral",
        text:
          lines.length > 0
            ? `*Runbooks* — \`/runbook <name>\` posts a checklist here:\n${lines.join("\n")}`
            : "No runbooks are loaded (KLAXON_RUNBOOKS_DIR).",
      });
      return;
    }
    const runbook = deps.runbooks.find((r) => r.name === name);
    if (!runbook) {
      deps.onCommand("runbook", "unknown");
      await respond({
        response_type: "ephemeral",
        text: `There is no runbook called \`${safeInline(name, 60)}\`. Known: ${deps.runbooks.map((r) => `\`${r.name}\``).join(", ") || "none"}.`,
      });
      return;
    }
    // Recorded now, so its buttons are only taken in this channel (see wrongChannelReason).
    const checklist = {
      ...newChecklist(runbook, {
        adHocKey: `${command.channel_id}:${deps.clock().toISOString()}:${command.trigger_id}`,
      }),
      channel: command.channel_id,
    };
    await deps.store.saveChecklist(checklist);
    const message = buildChecklistMessage(checklist, deps.runbookLink(runbook.name));
    deps.onCommand("runbook", "posted");
    try {
      await client.chat.postMessage({
        channel: command.channel_id,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      deps.logger.info(
        { err: error, channel: command.channel_id },
        "bot cannot post in the channel; answering through response_url",
      );
      await respond({ response_type: "in_channel", text: message.text, blocks: message.blocks });
    }
  });
}
