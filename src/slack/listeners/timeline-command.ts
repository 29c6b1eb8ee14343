import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";
import { safeInline } from "../safe-text.js";
import { postTimeline, type TimelineSlackClient } from "./post-timeline.js";

/** What `/klaxon timeline` needs. */
export interface TimelineCommandDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly now: Date;
}

// Slash commands carry no thread, so the alarm is named; its newest episode is looked up this far back.
const LOOKBACK_MS = 90 * 86_400_000;

/**
 * `/klaxon timeline <alarm-name>`: posts the timeline and postmortem draft of that alarm's newest episode (with
 * a message) into the episode's thread, found through the report index by opening time. Answers privately.
 */
export async function timelineCommandAnswer(
  deps: TimelineCommandDeps,
  slack: TimelineSlackClient,
  args: string,
): Promise<string> {
  const name = args.trim();
  if (name === "")
    return "Usage: `/klaxon timeline <alarm-name>`: posts the timeline of that alarm's newest episode in its thread.";
  const facts = await deps.store.episodeFactsBetween(new Date(deps.now.getTime() - LOOKBACK_MS), deps.now);
  const wanted = name.toLowerCase();
  const candidates = facts.filter((f) => f.alarmName.toLowerCase() === wanted).reverse();
  for (const f of candidates) {
    const episode = await deps.store.getEpisode(f.id);
    if (!episode?.slackChannel || !episode.slackTs) continue;
    await postTimeline({ store: deps.store, slack, logger: deps.logger }, episode.id);
    return `Posted the timeline of *${safeInline(episode.alarm.name, 120)}* (opened ${episode.openedAt.slice(0, 16).replace("T", " ")} UTC) in its thread in <#${episode.slackChannel}>.`;
  }
  return `No posted episode of \`${safeInline(name, 120)}\` in the last 90 days. Check the alarm name (exact, any case).`;
}
