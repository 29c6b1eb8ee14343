import type { App } from "@slack/bolt";
import { type InsightsCommandDeps, runInsightsCommand } from "../../insights/insights-command.js";
import type { Logger } from "../../shared/logger.js";
import { renderInsightsAnswer } from "../blocks/insights-answer.js";

export interface InsightsListenerDeps {
  readonly insights: InsightsCommandDeps;
  readonly userGroupsOf: (userId: string) => Promise<readonly string[]>;
  readonly logger: Logger;
  /** Counts each answer by kind (result, list, usage, denied…). */
  readonly onCommand: (command: string, result: string) => void;
}

/**
 * `/insights [template] [key=value …] [window]`: acks at once (Slack's 3 s deadline), runs the template, and
 * answers through `response_url`: results in the channel, lists and errors only to the caller. Long tables are
 * uploaded as a file in the channel when the bot can post there.
 */
export function registerInsightsCommand(app: App, deps: InsightsListenerDeps): void {
  app.command("/insights", async ({ ack, command, respond, client }) => {
    await ack();
    const userGroupIds = await deps.userGroupsOf(command.user_id);
    const answer = await runInsightsCommand(deps.insights, {
      text: command.text,
      channelId: command.channel_id,
      userId: command.user_id,
      userGroupIds,
    });
    deps.onCommand("insights", answer.kind);
    if (answer.kind === "denied") {
      deps.logger.warn(
        { user: command.user_id, channel: command.channel_id, template: answer.templateName },
        "insights template denied",
      );
    }
    const message = renderInsightsAnswer(answer);
    const inChannel = answer.kind === "result" || answer.kind === "failed";
    await respond({
      response_type: inChannel ? "in_channel" : "ephemeral",
      text: message.text,
      blocks: message.blocks,
    });
    if (message.upload) {
      try {
        await client.filesUploadV2({
          channel_id: command.channel_id,
          filename: message.upload.filename,
          title: message.upload.title,
          content: message.upload.content,
        });
      } catch (error) {
        deps.logger.warn(
          { err: error, channel: command.channel_id },
          "could not upload the full results file",
        );
        await respond({
          response_type: "ephemeral",
          text: "The full results did not fit in a message and klaxon could not upload them here (invite the bot to this channel to get files).",
        });
      }
    }
  });
}
