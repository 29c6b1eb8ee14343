import type { KnownBlock } from "@slack/types";
import type { Transition } from "../../incidents/episode.js";
import type { TuningSuggestion } from "../../incidents/tuning-suggestions.js";
import { MAX_MESSAGE_TEXT } from "../limits.js";
import { safeInline } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { truncateMrkdwn } from "../truncate-text.js";
import { contextBlock, type MessageContent, sectionBlock } from "./block-parts.js";

/** Inputs of {@link buildFlappingSummary}. */
export interface FlappingSummaryInput {
  readonly alarmName: string;
  /** The alarm's state changes within the window, oldest first. */
  readonly flips: readonly Transition[];
  readonly withinMinutes: number;
  readonly suggestions: readonly TuningSuggestion[];
}

const MAX_LISTED_FLIPS = 20;
const STATE_EMOJI = { ALARM: "🔴", OK: "✅", INSUFFICIENT_DATA: "⚪" } as const;

/**
 * The one thread reply posted when an alarm starts flapping: how often it flipped and when, that further flips
 * only update the message, and tuning suggestions computed from the alarm's own trigger (config values, so they
 * are shown as code). The flip list keeps the newest 20 so the reply stays well inside Block Kit limits.
 */
export function buildFlappingSummary(input: FlappingSummaryInput): MessageContent {
  const count = input.flips.length;
  const headline =
    `🔁 *Flapping*: ${safeInline(input.alarmName, 200)} changed state ${count}× in ${input.withinMinutes} min. ` +
    "Further flips update the message above quietly.";
  const shown = input.flips.slice(-MAX_LISTED_FLIPS);
  const hidden = count - shown.length;
  const times = shown.map((f) => `${STATE_EMOJI[f.state]} ${f.state} ${slackDate(f.time, "{time}")}`);
  const flipsText = `*Flips*${hidden > 0 ? ` (newest ${shown.length} of ${count})` : ""}\n${times.join("\n")}`;
  const blocks: KnownBlock[] = [sectionBlock(headline), sectionBlock(flipsText)];
  if (input.suggestions.length > 0) {
    const lines = input.suggestions.map(
      (s) =>
        `• \`${safeInline(s.setting, 80)}\` ${safeInline(s.from, 80)} → *${safeInline(s.to, 80)}*: ${safeInline(s.why, 300)}`,
    );
    blocks.push(sectionBlock(`*Tuning suggestions*\n${lines.join("\n")}`));
  } else {
    blocks.push(contextBlock(["No tuning suggestion: klaxon could not read this alarm's trigger."]));
  }
  return {
    text: truncateMrkdwn(
      `🔁 Flapping: ${safeInline(input.alarmName, 300)} changed state ${count}× in ${input.withinMinutes} min`,
      MAX_MESSAGE_TEXT,
    ),
    blocks,
  };
}
