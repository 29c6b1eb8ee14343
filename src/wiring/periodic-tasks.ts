import type { WebClient } from "@slack/web-api";
import type { FileConfig } from "../config/schema.js";
import { createEscalationSweeper } from "../incidents/escalation-sweeper.js";
import { createMuteSweeper } from "../mutes/mute-sweeper.js";
import { createReportScheduler } from "../reports/report-scheduler.js";
import type { ReportOutput } from "../reports/run-report.js";
import { checklistId } from "../runbooks/checklist-state.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { ChannelDirectory } from "../slack/channel-directory.js";
import type { Store } from "../store/store.js";
import { createStorePruner } from "../store/store-pruner.js";

/** What the periodic tasks need besides the config. */
export interface PeriodicTaskDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Posts the mute-window summaries and the weekly report. */
  readonly slack: WebClient;
  readonly channels: ChannelDirectory;
  readonly runbookLink: (name: string) => string | undefined;
  /** Wakes the outbox after a task stored Slack effects. */
  readonly kickOutbox: () => void;
  /** Called after a mute window ended (the registry and the App Home refresh). */
  readonly onMuteEnded: () => void;
  readonly onReport: (output: ReportOutput) => void;
  /** How often the sweepers and the report scheduler look (tests shorten it); their defaults otherwise. */
  readonly sweepMs: number | undefined;
}

/**
 * klaxon's periodic work, started and stopped together in this order: escalating unacknowledged episodes, ending
 * mute windows (announcing what fired during each and releasing what still fires), the weekly hygiene report
 * when `reports` is configured, and pruning the store past its retention.
 */
export function createPeriodicTasks(
  file: FileConfig,
  deps: PeriodicTaskDeps,
): { start(): void; stop(): Promise<void> } {
  const { store, clock, logger, slack, channels } = deps;
  const channelId = async (channel: string) => (await channels.idOf(channel)) ?? channel;
  const escalations = createEscalationSweeper(
    { store, clock, logger, onEnqueued: deps.kickOutbox },
    { afterMinutes: file.incidents.escalation.afterMinutes, intervalMs: deps.sweepMs },
  );
  const muteSweeper = createMuteSweeper(
    {
      store,
      clock,
      logger,
      configured: file.mutes,
      checklistReply: async (e) => {
        const runbook = e.route.runbook;
        const checklist = runbook && (await store.getChecklist(checklistId(runbook, e.id)));
        return checklist
          ? { kind: "checklist", checklist, runbookUrl: deps.runbookLink(checklist.runbook) }
          : undefined;
      },
      post: async (channel, text) => {
        await slack.chat.postMessage({ channel: await channelId(channel), text });
      },
      onEnqueued: deps.kickOutbox,
      onEnded: deps.onMuteEnded,
    },
    { intervalMs: deps.sweepMs },
  );
  const reports =
    file.reports &&
    createReportScheduler(
      {
        store,
        clock,
        logger,
        channel: file.reports.channel,
        weekly: file.reports.weekly,
        days: file.reports.days,
        post: async (channel, output) => {
          const id = await channelId(channel);
          await slack.chat.postMessage({ channel: id, text: output.text });
          if (output.report.total.episodes > 0)
            await slack.filesUploadV2({ channel_id: id, file: output.png, filename: "episodes-per-day.png" });
        },
        onReport: deps.onReport,
      },
      { intervalMs: deps.sweepMs },
    );
  const pruner = createStorePruner({ store, clock, logger }, { retentionDays: file.store.retentionDays });
  return {
    start() {
      escalations.start();
      muteSweeper.start();
      reports?.start();
      pruner.start();
    },
    async stop() {
      await escalations.stop();
      await muteSweeper.stop();
      await reports?.stop();
      await pruner.stop();
    },
  };
}
