import { consoleAlarmUrl } from "../alarms/console-links.js";
import { describeTrigger } from "../alarms/describe-trigger.js";
import type { Episode } from "../incidents/episode.js";
import { ACTION_IDS } from "./action-ids.js";
import { type AlarmLink, buildAlarmMessage, mentionSyntax } from "./blocks/alarm-message.js";
import type { SlackMessage } from "./slack-message.js";

/** Where runbook links point: an external base URL (a git host) or the bot's own public URL. */
export interface RunbookLinkOptions {
  readonly baseUrl?: string | undefined;
  readonly publicUrl?: string | undefined;
}

/** The runbook link for a runbook name, or undefined when klaxon has no URL to point at. */
export function runbookUrl(name: string, options: RunbookLinkOptions): string | undefined {
  const encoded = encodeURIComponent(name);
  if (options.baseUrl) return `${options.baseUrl.replace(/\/$/, "")}/${encoded}.md`;
  if (options.publicUrl) return `${options.publicUrl.replace(/\/$/, "")}/runbooks/${encoded}`;
  return undefined;
}

/**
 * Renders an episode's root Slack message from its newest notification: state, trigger in words, console and
 * runbook links, counters and the route's mention (only while the episode is open, so updates do not re-ping).
 */
export function renderEpisode(
  episode: Episode,
  runbookLink: (name: string) => string | undefined,
  /** True when the account is one klaxon reaches through a role, i.e. not the one people sign in to. */
  isOtherAccount: (accountId: string) => boolean = () => false,
): SlackMessage {
  const list: AlarmLink[] = [];
  const consoleUrl = consoleAlarmUrl(episode.alarm);
  // The console opens in whatever account the reader is signed in to: name the one to switch to.
  const account = episode.alarm.accountId;
  const switchTo = account !== undefined && isOtherAccount(account) ? ` (switch to ${account})` : "";
  if (consoleUrl)
    list.push({
      label: `Open in CloudWatch${switchTo}`,
      url: consoleUrl,
      actionId: ACTION_IDS.openConsole,
    });
  const rb = episode.route.runbook ? runbookLink(episode.route.runbook) : undefined;
  if (rb) list.push({ label: "Runbook", url: rb, actionId: ACTION_IDS.openRunbook });
  const mention =
    episode.route.mention !== undefined && episode.status !== "resolved"
      ? mentionSyntax(episode.route.mention)
      : undefined;
  const message = buildAlarmMessage({
    episodeId: episode.id,
    alarm: episode.alarm,
    episode: {
      status: episode.status,
      openedAt: episode.openedAt,
      alarmCount: episode.alarmCount,
      ...(episode.flapping === true && { flapping: true }),
      ...(episode.closedAt !== undefined && { closedAt: episode.closedAt }),
      ...(episode.acknowledgedBy !== undefined && { acknowledgedBy: episode.acknowledgedBy }),
      ...(episode.acknowledgedAt !== undefined && { acknowledgedAt: episode.acknowledgedAt }),
      ...(episode.changeHint !== undefined && { changeHint: episode.changeHint }),
    },
    route: {
      ...(episode.route.severity !== undefined && { severity: episode.route.severity }),
      ...(mention !== undefined && { mention }),
    },
    triggerText: describeTrigger(episode.alarm.trigger),
    firstLook: episode.route.service !== undefined,
    links: list,
  });
  return { text: message.text, blocks: message.blocks };
}
