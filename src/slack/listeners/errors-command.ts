import type { App } from "@slack/bolt";
import type { ErrorSummaryDeps } from "../../error-summary/error-summary-types.js";
import { inlineErrorSummaryWork } from "../../error-summary/error-summary-work.js";
import { authorizeErrorsTarget, parseErrorsArgs } from "../../error-summary/parse-errors-args.js";
import { runErrorSummary } from "../../error-summary/run-error-summary.js";
import { servicesNeedUserGroups } from "../../insights/service-access.js";
import type { Logger } from "../../shared/logger.js";
import { buildErrorSummaryMessage } from "../blocks/error-summary-message.js";
import { safeInline } from "../safe-text.js";

export interface ErrorsListenerDeps {
  readonly errors: ErrorSummaryDeps;
  readonly logger: Logger;
  /** Counts each answer by result (usage, denied, summary…). */
  readonly onCommand: (command: string, result: string) => void;
  /** Upload a PNG bar chart into the summary's thread. Default true. */
  readonly chart?: boolean | undefined;
  /** `errors.allowAnyLogGroup`: accept a literal log group besides the configured services. Default false. */
  readonly allowAnyLogGroup?: boolean | undefined;
  /** The user's Slack user groups, looked up only when a service has `allowedUserGroups`. */
  readonly userGroupsOf?: ((userId: string) => Promise<readonly string[]>) | undefined;
}

const NAME_CHARS = 120;

/**
 * `/errors <service|log-group> [window]`: acks at once, validates the target and window and checks that this
 * channel and user may query it (a literal log group only with `errors.allowAnyLogGroup`; a service's
 * `allowedChannels`/`allowedUserGroups`); refusals and usage problems go back ephemerally. Then it posts
 * "⏳ summarising errors in …" with the bot token and replaces it with the summary when the queries finish; when
 * the bot cannot post in the channel the summary goes through `response_url` instead. A bar chart PNG follows in the thread when the bot could post.
 */
export function registerErrorsCommand(app: App, deps: ErrorsListenerDeps): void {
  app.command("/errors", async ({ ack, command, respond, client }) => {
    await ack();
    const args = parseErrorsArgs(command.text, {
      services: deps.errors.services,
      now: deps.errors.clock(),
      allowAnyLogGroup: deps.allowAnyLogGroup ?? false,
    });
    if (!args.ok) {
      deps.onCommand("errors", "usage");
      await respond({ response_type: "ephemeral", text: safeInline(args.error.message, 2900) });
      return;
    }
    const { target, window } = args.value;
    const needsGroups = !target.adHoc && servicesNeedUserGroups([target.service]);
    const userGroupIds = needsGroups ? ((await deps.userGroupsOf?.(command.user_id)) ?? []) : [];
    const allowed = authorizeErrorsTarget(target, { channelId: command.channel_id, userGroupIds });
    if (!allowed.ok) {
      deps.onCommand("errors", "denied");
      deps.logger.warn(
        { user: command.user_id, channel: command.channel_id, service: target.name },
        "/errors refused by the service's allowedChannels/allowedUserGroups",
      );
      await respond({ response_type: "ephemeral", text: safeInline(allowed.error.message, 2900) });
      return;
    }
    const name = safeInline(target.name, NAME_CHARS);
    let placeholderTs: string | undefined;
    try {
      const posted = await client.chat.postMessage({
        channel: command.channel_id,
        text: `⏳ summarising errors in ${name} (${safeInline(window.label, NAME_CHARS)})…`,
      });
      placeholderTs = posted.ts;
    } catch (error) {
      // Usually not_in_channel: the summary can still go back through response_url.
      deps.logger.info(
        { err: error, channel: command.channel_id },
        "errors: cannot post in channel, responding",
      );
    }

    const outcome = await runErrorSummary(deps.errors, { target, window });
    deps.onCommand("errors", outcome.kind);
    const message = buildErrorSummaryMessage(outcome, { windowText: window.label });
    if (placeholderTs !== undefined) {
      try {
        await client.chat.update({
          channel: command.channel_id,
          ts: placeholderTs,
          text: message.text,
          blocks: message.blocks,
        });
      } catch (error) {
        deps.logger.warn(
          { err: error, channel: command.channel_id },
          "errors: could not update the placeholder",
        );
        placeholderTs = undefined;
      }
    }
    if (placeholderTs === undefined) {
      await respond({ response_type: "in_channel", text: message.text, blocks: message.blocks });
      return;
    }
    if (outcome.kind !== "summary" || deps.chart === false || outcome.summary.totalCurrent === 0) return;
    try {
      await client.filesUploadV2({
        channel_id: command.channel_id,
        thread_ts: placeholderTs,
        file: await (deps.errors.work ?? inlineErrorSummaryWork).chartPng(outcome.summary),
        filename: "errors.png",
        title: `Errors in ${target.name}, ${window.label}: before (grey) and now`,
      });
    } catch (error) {
      // The chart is a nicety; the summary already said everything.
      deps.logger.info({ err: error, channel: command.channel_id }, "errors: chart upload failed");
    }
  });
}
