import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { ErrorSummaryDeps } from "../../error-summary/error-summary-types.js";
import { runFirstLook } from "../../error-summary/first-look.js";
import type { Decision } from "../../incidents/decision.js";
import type { Episode } from "../../incidents/episode.js";
import { acknowledgeEpisode, resolveEpisode, snoozeEpisode } from "../../incidents/episode-actions.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";
import { actionChannelId, wrongChannelReason } from "../action-channel.js";
import { ACTION_IDS } from "../action-ids.js";
import { postTimeline, type TimelineSlackClient } from "./post-timeline.js";

/** What the alarm message's buttons need. */
export interface AlarmActionDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The first look's error summary (the "Run first look" button). */
  readonly errors: ErrorSummaryDeps;
  /** Wakes the outbox after a click stored Slack effects. */
  readonly kickOutbox: () => void;
  /** Counts each click by button and result (applied, no_change, wrong_channel…). */
  readonly onCommand: (command: string, result: string) => void;
}

const UNKNOWN_EPISODE = {
  response_type: "ephemeral",
  replace_original: false,
  text: "klaxon no longer knows this alarm episode.",
} as const;

/**
 * The alarm message's buttons: Acknowledge, Snooze 1h/4h and Resolve. Each applies a pure episode change in one
 * store transaction (so double clicks are harmless) and lets the outbox update the message and thread, the same
 * durable path alarms take. A click from another channel than the episode's message is refused privately.
 */
export function registerAlarmActions(app: App, deps: AlarmActionDeps): void {
  const handle =
    (
      change: (e: Episode, user: string, now: Date) => Decision | undefined,
      name: string,
      after?: (episode: Episode, client: TimelineSlackClient) => Promise<void>,
    ) =>
    async ({
      ack,
      body,
      action,
      respond,
      client,
    }: {
      ack: () => Promise<void>;
      body: BlockAction;
      action: ButtonAction;
      respond: (m: { response_type: "ephemeral"; replace_original: false; text: string }) => Promise<unknown>;
      client: TimelineSlackClient;
    }) => {
      await ack();
      const episodeId = action.value ?? "";
      const stored = await deps.store.getEpisode(episodeId);
      const refused = stored && wrongChannelReason(stored.slackChannel, actionChannelId(body), "alarm");
      if (refused) {
        deps.onCommand(`button_${name}`, "wrong_channel");
        await respond({ response_type: "ephemeral", replace_original: false, text: refused });
        return;
      }
      let changed = false;
      const episode = await deps.store.updateEpisode(episodeId, (e) => {
        const d = change(e, body.user.id, deps.clock());
        changed = d !== undefined;
        return d;
      });
      deps.onCommand(`button_${name}`, episode ? (changed ? "applied" : "no_change") : "unknown");
      if (!episode) {
        await respond(UNKNOWN_EPISODE);
        return;
      }
      if (changed) {
        deps.kickOutbox();
        await after?.(episode, client);
      } else
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: `Nothing to do: this episode is already ${episode.status === "resolved" ? "resolved" : "in that state"}.`,
        });
    };
  app.action<BlockAction<ButtonAction>>(
    { action_id: ACTION_IDS.runFirstLook },
    async ({ ack, action, body, respond }) => {
      await ack();
      const episode = await deps.store.getEpisode(action.value ?? "");
      const refused = episode && wrongChannelReason(episode.slackChannel, actionChannelId(body), "alarm");
      if (refused) {
        deps.onCommand("button_first_look", "wrong_channel");
        await respond({ response_type: "ephemeral", replace_original: false, text: refused });
        return;
      }
      const look = episode ? await runFirstLook(deps.errors, episode.alarm, episode.route) : undefined;
      deps.onCommand("button_first_look", look ? "posted" : "none");
      if (!episode || !look) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: episode
            ? "This alarm's route names no service to summarise; run /errors <service> instead."
            : "klaxon no longer knows this alarm episode.",
        });
        return;
      }
      await deps.store.updateEpisode(episode.id, () => ({
        effects: [
          {
            kind: "thread_reply",
            episodeId: episode.id,
            channel: episode.route.channel,
            reply: { kind: "first_look", look },
          },
        ],
      }));
      deps.kickOutbox();
    },
  );
  app.action<BlockAction<ButtonAction>>({ action_id: ACTION_IDS.ack }, handle(acknowledgeEpisode, "ack"));
  const timeline = async (episode: Episode, client: TimelineSlackClient): Promise<void> => {
    try {
      await postTimeline({ store: deps.store, slack: client, logger: deps.logger }, episode.id);
    } catch (error) {
      deps.logger.warn({ err: error, episode: episode.id }, "timeline failed");
    }
  };
  app.action<BlockAction<ButtonAction>>(
    { action_id: ACTION_IDS.resolve },
    handle(resolveEpisode, "resolve", timeline),
  );
  app.action<BlockAction<ButtonAction>>(
    { action_id: ACTION_IDS.timeline },
    async ({ ack, action, client, respond }) => {
      await ack();
      const episode = await deps.store.getEpisode(action.value ?? "");
      deps.onCommand("button_timeline", episode ? "posted" : "unknown");
      if (!episode) {
        await respond(UNKNOWN_EPISODE);
        return;
      }
      await timeline(episode, client);
    },
  );
  app.action<BlockAction<ButtonAction>>(
    { action_id: ACTION_IDS.snooze1h },
    handle((e, u, n) => snoozeEpisode(e, u, n, 1), "snooze"),
  );
  app.action<BlockAction<ButtonAction>>(
    { action_id: ACTION_IDS.snooze4h },
    handle((e, u, n) => snoozeEpisode(e, u, n, 4), "snooze"),
  );
}
