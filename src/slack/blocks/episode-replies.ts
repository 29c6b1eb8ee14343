import type { Alarm } from "../../alarms/alarm.js";
import { formatDuration } from "../../shared/format-duration.js";
import { MAX_MESSAGE_TEXT } from "../limits.js";
import { safeInline, safeText } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { truncateMrkdwn } from "../truncate-text.js";
import { contextBlock, type MessageContent, sectionBlock } from "./block-parts.js";

export { formatDuration } from "../../shared/format-duration.js";

function reasonContext(alarm: Alarm): MessageContent["blocks"] {
  return alarm.reason ? [contextBlock([safeText(alarm.reason, 1500)])] : [];
}

function reply(headline: string, alarm: Alarm): MessageContent {
  const name = safeInline(alarm.name, 300);
  return {
    text: truncateMrkdwn(`${headline} — ${name}`, MAX_MESSAGE_TEXT),
    blocks: [sectionBlock(headline), ...reasonContext(alarm)],
  };
}

/** Inputs of {@link buildResolvedReply}. */
export interface ResolvedReplyInput {
  /** The OK (or resolving) alarm notification. */
  readonly alarm: Alarm;
  /** ISO-8601 start of the episode. */
  readonly openedAt: string;
  /** ISO-8601 end of the episode; defaults to the alarm's time. */
  readonly closedAt?: string | undefined;
  /** ALARM notifications seen during the episode. */
  readonly alarmCount?: number | undefined;
  /** Who pressed Resolve (Slack user id), when it was resolved by hand rather than by an OK. */
  readonly resolvedBy?: string | undefined;
}

/**
 * The thread reply when an episode ends: "✅ Back to OK after 12 min" with the open and close times and how
 * often it fired, or "✅ Resolved by @user" when closed by hand, plus the state reason as context.
 */
export function buildResolvedReply(input: ResolvedReplyInput): MessageContent {
  const closedAt = input.closedAt ?? input.alarm.time;
  const ms = Date.parse(closedAt) - Date.parse(input.openedAt);
  const after = Number.isNaN(ms) ? "" : ` after *${formatDuration(ms)}*`;
  const byHand = input.resolvedBy && /^[UW][A-Z0-9]{2,30}$/.test(input.resolvedBy);
  const what = byHand ? `✅ *Resolved* by <@${input.resolvedBy}>` : "✅ *Back to OK*";
  const fired = (input.alarmCount ?? 1) > 1 ? `, fired ${input.alarmCount}×` : "";
  const span = ` (opened ${slackDate(input.openedAt)}, closed ${slackDate(closedAt)}${fired})`;
  return reply(`${what}${after}${span}`, input.alarm);
}

/**
 * The thread reply when an alarm goes to INSUFFICIENT_DATA: the metric stopped arriving, which is its own kind
 * of trouble (a dead agent, a renamed dimension), so it says what to check rather than calling it resolved.
 */
export function buildInsufficientDataReply(input: { readonly alarm: Alarm }): MessageContent {
  const { alarm } = input;
  const was = alarm.previousState ? ` (was ${alarm.previousState})` : "";
  const since = slackDate(alarm.time);
  return reply(
    `⚪ *Insufficient data*${was} since ${since}: the alarm has no datapoints to evaluate. ` +
      "Check that the metric is still published (agent running, dimensions unchanged).",
    alarm,
  );
}

/**
 * A thread reply for a repeated ALARM notification, for callers that want a trace in the thread besides the
 * counter in the original message: "🔁 Fired again (3× since 10:02)".
 */
export function buildRepeatReply(input: {
  readonly alarm: Alarm;
  readonly alarmCount: number;
  readonly openedAt: string;
}): MessageContent {
  const headline = `🔁 *Fired again* (${input.alarmCount}× since ${slackDate(input.openedAt, "{time}")})`;
  return reply(headline, input.alarm);
}
