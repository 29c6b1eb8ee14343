import type { EpisodeReply } from "../../incidents/episode-reply.js";
import { formatDuration } from "../../shared/format-duration.js";
import { mentionSyntax } from "../mention-syntax.js";
import type { SlackMessage } from "../slack-message.js";
import { renderChangesSection } from "./changes-section.js";
import { buildChecklistMessage } from "./checklist-message.js";
import { buildFirstLookMessage } from "./first-look-message.js";
import { buildFlappingSummary } from "./flapping-summary.js";

const CHANGES_HEADING = ":arrows_counterclockwise: *Changes before the alarm*";
const STILL_LOOKING = `${CHANGES_HEADING}\nStill looking in CloudTrail; the changes follow in this thread.`;

/** Only well-formed Slack user ids are turned into mentions; anything else reads "someone". */
const mention = (user: string): string => (/^[UW][A-Z0-9]{2,20}$/.test(user) ? `<@${user}>` : "someone");

const text = (t: string): SlackMessage => ({ text: t });

/**
 * Renders an episode's thread reply from the facts the core stored: state changes and people's actions as one
 * line of text (so the outbox can fold a burst of them into one post), the flapping summary, runbook checklist,
 * changes report and first look as Block Kit. Called at delivery time.
 */
export function buildEpisodeReply(reply: EpisodeReply): SlackMessage {
  switch (reply.kind) {
    case "back_to_ok":
      return text(`:white_check_mark: Back to OK after ${formatDuration(reply.elapsedMs)}.`);
    case "back_in_alarm":
      return text(`:red_circle: Back in ALARM (${formatDuration(reply.elapsedMs)} into the episode).`);
    case "insufficient_data":
      return text(
        `:white_circle: INSUFFICIENT_DATA after ${formatDuration(reply.elapsedMs)} in ${reply.from}: ` +
          "the metric stopped reporting.",
      );
    case "reopened":
      return text(
        `:repeat: Back in ALARM ${formatDuration(reply.afterMs)} after OK: reopened (${reply.reopenCount}×) ` +
          "instead of a new message.",
      );
    case "acknowledged":
      return text(`:eyes: Acknowledged by ${mention(reply.user)}.`);
    case "resolved_by_hand":
      return text(
        `:white_check_mark: Resolved by ${mention(reply.user)} after ${formatDuration(reply.elapsedMs)} ` +
          `(alarm was ${reply.alarmState}).`,
      );
    case "snoozed":
      return text(
        `:zzz: Snoozed by ${mention(reply.user)} for ${reply.hours} h: repeats update the message quietly.`,
      );
    case "escalated": {
      // Config validation accepts only mentionable values; a value that still is not one pings nobody.
      const who = mentionSyntax(reply.escalateTo);
      return text(
        `${who === undefined ? "" : `${who} `}:rotating_light: Unacknowledged for ${formatDuration(reply.ageMs)}: ` +
          "escalating. Press Acknowledge on the message above once someone is on it.",
      );
    }
    case "flapping":
      return buildFlappingSummary(reply);
    case "checklist":
      return buildChecklistMessage(reply.checklist, reply.runbookUrl);
    case "changes":
      return renderChangesSection(reply.changes.report, {
        heading: CHANGES_HEADING,
        referenceMs: reply.changes.referenceMs,
      });
    case "first_look": {
      const { changes } = reply;
      const look = buildFirstLookMessage(reply.look);
      if (changes === undefined) return { text: look.text, blocks: look.blocks };
      const extra =
        changes === "pending"
          ? [{ type: "section" as const, text: { type: "mrkdwn" as const, text: STILL_LOOKING } }]
          : renderChangesSection(changes.report, {
              heading: CHANGES_HEADING,
              referenceMs: changes.referenceMs,
            }).blocks;
      return { text: look.text, blocks: [...look.blocks, ...extra] };
    }
  }
}
