import type { App, BlockAction, CheckboxesAction } from "@slack/bolt";
import { withActivity } from "../../incidents/episode.js";
import { type InsightsCommandDeps, runInsightsCommand } from "../../insights/insights-command.js";
import type { CompiledTemplate } from "../../insights/query-template.js";
import { CHANGES_STEP } from "../../runbooks/changes-step.js";
import { checklistQueryText } from "../../runbooks/checklist-query-text.js";
import { applyChecklistSelection } from "../../runbooks/checklist-state.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";
import { actionChannelId, checklistChannel, wrongChannelReason } from "../action-channel.js";
import { ACTION_IDS } from "../action-ids.js";
import { buildChecklistMessage, parseChecklistBlockId, userMention } from "../blocks/checklist-message.js";
import { renderInsightsAnswer } from "../blocks/insights-answer.js";
import { type ChangeLookups, changesStepAnswer } from "./changes-step-answer.js";

/** What checklist ticks and a step's Run button need. */
export interface RunbookActionDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The query templates and query runner; a runbook's own templates replace `insights.templates`. */
  readonly insights: InsightsCommandDeps;
  /** Per runbook: the config templates plus its own `queries`. */
  readonly runbookTemplates: ReadonlyMap<string, ReadonlyMap<string, CompiledTemplate>>;
  readonly runbookLink: (name: string) => string | undefined;
  readonly userGroupsOf: (userId: string) => Promise<readonly string[]>;
  /** A `changes` step's lookups; absent when change lookups are off. */
  readonly changes?: ChangeLookups | undefined;
  /** Counts ticks and Run clicks by result. */
  readonly onCommand: (command: string, result: string) => void;
}

function where(body: BlockAction): { channel?: string; ts?: string; threadTs?: string } {
  const container = body.container as { channel_id?: string; message_ts?: string; thread_ts?: string };
  const message = body.message as { thread_ts?: string; ts?: string } | undefined;
  return {
    ...(container.channel_id !== undefined && { channel: container.channel_id }),
    ...(container.message_ts !== undefined && { ts: container.message_ts }),
    ...((message?.thread_ts ?? container.thread_ts) !== undefined && {
      threadTs: message?.thread_ts ?? container.thread_ts,
    }),
  };
}

/**
 * Checklist interactions: ticking checkboxes records who and when (atomically, idempotent for double clicks) and
 * re-renders the message; completing every step posts a summary in the thread; a step's Run button runs its
 * alarm-scoped query and posts the answer in the same thread. Clicks from another channel than the checklist's
 * (or its episode's) are refused privately and change nothing.
 */
export function registerRunbookActions(app: App, deps: RunbookActionDeps): void {
  app.action<BlockAction<CheckboxesAction>>(
    { action_id: ACTION_IDS.runbookCheck },
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const ref = parseChecklistBlockId(action.block_id);
      const at = where(body);
      const channel = at.channel;
      const ts = at.ts;
      if (!ref || !channel || !ts) return;
      const selected = action.selected_options.map((o) => o.value ?? "");
      const before = await deps.store.getChecklist(ref.id);
      const episode = before?.episodeId ? await deps.store.getEpisode(before.episodeId) : undefined;
      const refused =
        before && wrongChannelReason(checklistChannel(before, episode), actionChannelId(body), "checklist");
      if (refused) {
        deps.onCommand("runbook_check", "wrong_channel");
        await respond({ response_type: "ephemeral", replace_original: false, text: refused });
        return;
      }
      const now = deps.clock().toISOString();
      const after = await deps.store.updateChecklist(ref.id, (c) =>
        applyChecklistSelection({ ...c, channel, ts }, ref.chunk, selected, body.user.id, now),
      );
      if (!after) {
        deps.logger.warn({ checklist: ref.id }, "checklist not found (deleted database?); ignoring the tick");
        return;
      }
      const message = buildChecklistMessage(after, deps.runbookLink(after.runbook));
      await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
      if (after.completedAt && !before?.completedAt) {
        await client.chat.postMessage({
          channel,
          thread_ts: at.threadTs ?? ts,
          text: `:white_check_mark: Runbook "${after.title.replace(/[<>&]/g, "")}" completed by ${userMention(body.user.id)}: ${after.items.length} steps, each ticked by: ${[
            ...new Set(after.items.map((i) => userMention(i.checkedBy ?? ""))),
          ].join(", ")}.`,
        });
      }
    },
  );

  app.action<BlockAction>(
    new RegExp(`^${ACTION_IDS.runbookRunQuery}(?:_\\d+)?$`),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const value = "value" in action && typeof action.value === "string" ? action.value : "";
      const [checklistIdValue, itemId] = value.split(":");
      const at = where(body);
      const threadTs = at.threadTs ?? at.ts ?? "";
      const checklist = checklistIdValue ? await deps.store.getChecklist(checklistIdValue) : undefined;
      const item = checklist?.items.find((i) => i.id === itemId);
      if (!checklist || !item || !at.channel) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: "This checklist step is no longer known to klaxon.",
        });
        return;
      }
      const episode = checklist.episodeId ? await deps.store.getEpisode(checklist.episodeId) : undefined;
      const refused = wrongChannelReason(
        checklistChannel(checklist, episode),
        actionChannelId(body),
        "checklist",
      );
      if (refused) {
        deps.onCommand("runbook_query", "wrong_channel");
        await respond({ response_type: "ephemeral", replace_original: false, text: refused });
        return;
      }
      if (item.query?.template === CHANGES_STEP) {
        const answer = await changesStepAnswer(deps, item, episode?.alarm, deps.clock());
        await client.chat.postMessage({
          channel: at.channel,
          thread_ts: threadTs,
          text: `${userMention(body.user.id)} ran "${item.text.replace(/[<>&]/g, "")}": ${answer.text}`,
          blocks: answer.blocks,
        });
        return;
      }
      const templates = deps.runbookTemplates.get(checklist.runbook) ?? deps.insights.templates;
      const maxWindow = item.query ? templates.get(item.query.template)?.maxWindow : undefined;
      const text = checklistQueryText(item, {
        now: deps.clock(),
        ...(maxWindow !== undefined && { maxWindow }),
        ...(episode && { alarm: episode.alarm, openedAt: episode.openedAt }),
        ...(episode?.closedAt !== undefined && { closedAt: episode.closedAt }),
      });
      if (!text.ok) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: `Cannot run this step: ${text.error}`,
        });
        return;
      }
      const answer = await runInsightsCommand(
        { ...deps.insights, templates },
        {
          text: text.value,
          channelId: at.channel,
          userId: body.user.id,
          userGroupIds: await deps.userGroupsOf(body.user.id),
          // A step runs where the alarm lives unless its template names an account or region.
          ...(episode && {
            target: {
              ...(episode.alarm.accountId !== undefined && { account: episode.alarm.accountId }),
              ...(episode.alarm.region !== undefined && { region: episode.alarm.region }),
            },
          }),
        },
      );
      deps.onCommand("runbook_query", answer.kind);
      if (episode && (answer.kind === "result" || answer.kind === "failed")) {
        // Kept for the incident timeline and postmortem draft, with the console link to rerun it.
        await deps.store.updateEpisode(episode.id, (e) => ({
          episode: withActivity(e, {
            at: deps.clock().toISOString(),
            by: body.user.id,
            what: `Ran "${item.text}" (${answer.kind === "result" ? `${answer.rows.length} rows` : "failed"})`,
            link: answer.consoleUrl,
          }),
          effects: [],
        }));
      }
      const message = renderInsightsAnswer(answer);
      await client.chat.postMessage({
        channel: at.channel,
        thread_ts: threadTs,
        text: `${userMention(body.user.id)} ran "${item.text.replace(/[<>&]/g, "")}": ${message.text}`,
        blocks: message.blocks,
      });
    },
  );
}
