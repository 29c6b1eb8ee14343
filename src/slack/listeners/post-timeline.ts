import { buildTimeline, type ThreadMessage } from "../../incidents/build-timeline.js";
import { checklistId } from "../../runbooks/checklist-state.js";
import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";
import { renderPostmortemDraft } from "../blocks/postmortem-draft.js";
import { renderTimelineSummary } from "../blocks/timeline-summary.js";

/** The part of `WebClient` the timeline needs. */
export interface TimelineSlackClient {
  readonly chat: {
    postMessage(args: {
      channel: string;
      thread_ts: string;
      text: string;
      blocks: unknown[];
    }): Promise<unknown>;
  };
  readonly conversations: {
    replies(args: { channel: string; ts: string; limit: number }): Promise<{
      messages?: { ts?: string; user?: string; text?: string; bot_id?: string; subtype?: string }[];
    }>;
  };
  filesUploadV2(args: {
    channel_id: string;
    thread_ts: string;
    content: string;
    filename: string;
    title: string;
  }): Promise<unknown>;
}

const MAX_REPLIES = 200;

/**
 * Posts an episode's timeline into its thread: a short summary, and the Markdown postmortem draft as a file.
 * Human messages come from `conversations.replies` when the bot may read them; without the history scope the
 * draft says they were not included. Returns false when the episode or its message is unknown.
 */
export async function postTimeline(
  deps: { readonly store: Store; readonly slack: TimelineSlackClient; readonly logger: Logger },
  episodeId: string,
): Promise<boolean> {
  const episode = await deps.store.getEpisode(episodeId);
  if (!episode?.slackChannel || !episode.slackTs) return false;
  const channel = episode.slackChannel;
  const threadTs = episode.slackTs;
  const checklist = episode.route.runbook
    ? await deps.store.getChecklist(checklistId(episode.route.runbook, episode.id))
    : undefined;
  const messages = await humanMessages(deps, channel, threadTs);
  const timeline = buildTimeline(episode, checklist, messages);
  const summary = renderTimelineSummary(timeline);
  await deps.slack.chat.postMessage({
    channel,
    thread_ts: threadTs,
    text: summary.text,
    blocks: summary.blocks,
  });
  await deps.slack.filesUploadV2({
    channel_id: channel,
    thread_ts: threadTs,
    content: renderPostmortemDraft(timeline),
    filename: "postmortem-draft.md",
    title: `Postmortem draft: ${episode.alarm.name}`.slice(0, 200),
  });
  return true;
}

async function humanMessages(
  deps: { readonly slack: TimelineSlackClient; readonly logger: Logger },
  channel: string,
  ts: string,
): Promise<{ list: ThreadMessage[] } | { unavailable: string }> {
  try {
    const page = await deps.slack.conversations.replies({ channel, ts, limit: MAX_REPLIES });
    const list = (page.messages ?? [])
      .filter((m) => m.bot_id === undefined && m.subtype === undefined && m.user && m.ts && m.ts !== ts)
      .map((m) => ({ ts: m.ts ?? "", user: m.user ?? "", text: m.text ?? "" }));
    return { list };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    deps.logger.info({ err: error, channel }, "timeline: thread messages not readable");
    return {
      unavailable:
        code === "missing_scope"
          ? "the Slack app lacks the channels:history / groups:history scope"
          : `conversations.replies failed (${code ?? "error"})`,
    };
  }
}
