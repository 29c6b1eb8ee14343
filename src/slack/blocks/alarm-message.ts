import type { ActionsBlock, Button, KnownBlock } from "@slack/types";
import type { Alarm } from "../../alarms/alarm.js";
import { ACTION_IDS } from "../action-ids.js";
import {
  clampButtonText,
  fitBlocks,
  MAX_ACTION_ID,
  MAX_ACTIONS_ELEMENTS,
  MAX_BUTTON_URL,
  MAX_BUTTON_VALUE,
  MAX_MESSAGE_TEXT,
} from "../limits.js";
import { safeInline, safePlainText, safeText } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { truncateMrkdwn } from "../truncate-text.js";
import { alarmFields, type Severity } from "./alarm-fields.js";
import { triggerDetails } from "./alarm-trigger-details.js";
import {
  contextBlock,
  fieldSections,
  headerBlock,
  type MessageContent,
  sectionBlock,
} from "./block-parts.js";

export { mentionSyntax } from "../mention-syntax.js";

/** A button that opens a page: the console alarm page, a runbook, a dashboard. */
export interface AlarmLink {
  readonly label: string;
  readonly url: string;
  /** Defaults to `open_link`; use `ACTION_IDS.openConsole` / `openRunbook` to tell them apart in metrics. */
  readonly actionId?: string | undefined;
}

/** Everything the alarm message shows; built by the incidents code from the episode and the route. */
export interface AlarmMessageView {
  readonly alarm: Alarm;
  /** Sent back as the `value` of Acknowledge / Snooze / Resolve so the listener finds the episode. */
  readonly episodeId: string;
  readonly episode: {
    readonly status: "open" | "resolved" | "insufficient_data";
    /** ISO-8601. */
    readonly openedAt: string;
    readonly closedAt?: string | undefined;
    readonly alarmCount: number;
    readonly flapping?: boolean | undefined;
    /** Slack user id (`U…`) or a display name. */
    readonly acknowledgedBy?: string | undefined;
    readonly acknowledgedAt?: string | undefined;
    /** Untrusted one-line hint of a change just before the alarm (escaped and redacted here). */
    readonly changeHint?: string | undefined;
  };
  readonly route: {
    readonly severity?: Severity | undefined;
    /** Trusted mention syntax from `mentionSyntax()` (e.g. `<!here>`); shown only while the alarm fires. */
    readonly mention?: string | undefined;
  };
  /** The human trigger sentence ("p95 TargetResponseTime > 5,000 ms for 3 of 3 × 5 min"). */
  readonly triggerText?: string | undefined;
  readonly links: readonly AlarmLink[];
  /** Offer the "First look" button (the route names a service whose errors can be summarised). */
  readonly firstLook?: boolean | undefined;
}

const MAX_LINKS = 5;
const SOURCE_LABEL = { sns: "SNS", eventbridge: "EventBridge" } as const;

/** The state emoji and word for the header and the notification text. */
export function alarmHeadline(view: AlarmMessageView): { emoji: string; label: string } {
  if (view.episode.status === "resolved") return { emoji: "✅", label: "RESOLVED" };
  switch (view.alarm.state) {
    case "ALARM":
      return { emoji: "🔴", label: "ALARM" };
    case "OK":
      return { emoji: "✅", label: "OK" };
    case "INSUFFICIENT_DATA":
      return { emoji: view.alarm.previousState === "ALARM" ? "🟡" : "⚪", label: "INSUFFICIENT DATA" };
  }
}

function isFiring(view: AlarmMessageView): boolean {
  return view.episode.status === "open" && view.alarm.state === "ALARM";
}

function fallbackText(view: AlarmMessageView, emoji: string, label: string): string {
  const { alarm } = view;
  const mention = isFiring(view) && view.route.mention ? `${view.route.mention} ` : "";
  const where = alarm.region ? ` (${safeInline(alarm.region, 40)})` : "";
  const reason = alarm.reason ? ` — ${safeInline(alarm.reason, 1000)}` : "";
  return truncateMrkdwn(
    `${mention}${emoji} ${label}: ${safeInline(alarm.name, 300)}${where}${reason}`,
    MAX_MESSAGE_TEXT,
  );
}

function contextTexts(view: AlarmMessageView): string[] {
  const { alarm, episode } = view;
  const texts = [`via ${SOURCE_LABEL[alarm.source]}`];
  if (alarm.arn) texts.push(safeInline(alarm.arn, 400));
  if (episode.changeHint)
    texts.push(`:arrows_counterclockwise: changed just before: ${safeInline(episode.changeHint, 300)}`);
  if (episode.flapping)
    texts.push("🔁 *flapping*: state changed repeatedly, consider widening the alarm's periods");
  if (episode.acknowledgedBy) {
    const who = /^[UW][A-Z0-9]{2,30}$/.test(episode.acknowledgedBy)
      ? `<@${episode.acknowledgedBy}>`
      : safeInline(episode.acknowledgedBy, 80);
    const when = episode.acknowledgedAt ? ` at ${slackDate(episode.acknowledgedAt, "{time}")}` : "";
    texts.push(`👀 acknowledged by ${who}${when}`);
  }
  return texts;
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>|]+$/.test(url) && url.length <= MAX_BUTTON_URL;
}

function linkButtons(links: readonly AlarmLink[]): Button[] {
  const used = new Set<string>();
  return links
    .filter((l) => isHttpUrl(l.url))
    .slice(0, MAX_LINKS)
    .map((link, i) => {
      let actionId = (link.actionId ?? ACTION_IDS.openLink).slice(0, MAX_ACTION_ID - 4);
      if (used.has(actionId)) actionId = `${actionId}_${i}`;
      used.add(actionId);
      return {
        type: "button",
        action_id: actionId,
        text: {
          type: "plain_text",
          text: clampButtonText(safePlainText(link.label, 75) || "Open"),
          emoji: true,
        },
        url: link.url,
      };
    });
}

function episodeButtons(view: AlarmMessageView): Button[] {
  if (view.episodeId.length > MAX_BUTTON_VALUE) {
    throw new RangeError(
      `episodeId is ${view.episodeId.length} chars; Slack button values hold at most 2,000`,
    );
  }
  const button = (actionId: string, text: string): Button => ({
    type: "button",
    action_id: actionId,
    text: { type: "plain_text", text, emoji: true },
    value: view.episodeId,
  });
  // A resolved episode offers its timeline and postmortem draft instead of the incident buttons.
  if (view.episode.status === "resolved") return [button(ACTION_IDS.timeline, "🗒 Timeline")];
  const buttons: Button[] = [];
  if (!view.episode.acknowledgedBy)
    buttons.push({ ...button(ACTION_IDS.ack, "👀 Acknowledge"), style: "primary" });
  buttons.push(button(ACTION_IDS.snooze1h, "💤 Snooze 1h"));
  buttons.push(button(ACTION_IDS.snooze4h, "💤 4h"));
  if (view.firstLook) buttons.push(button(ACTION_IDS.runFirstLook, "🔎 First look"));
  buttons.push({
    ...button(ACTION_IDS.resolve, "✅ Resolve"),
    confirm: {
      title: { type: "plain_text", text: "Resolve this episode?" },
      text: { type: "plain_text", text: "Klaxon stops tracking it; the next ALARM opens a new episode." },
      confirm: { type: "plain_text", text: "Resolve" },
      deny: { type: "plain_text", text: "Cancel" },
    },
  });
  return buttons;
}

/**
 * Builds the channel message for an alarm episode: a header with the state emoji and name, the description and
 * state reason, the fields (state, severity, trigger, metric, dimensions, account, region, time, repeats,
 * duration), trigger details for composite/anomaly/math/unknown alarms, a context line, and link plus
 * Acknowledge / Snooze / Resolve buttons while the episode is open. Untrusted alarm text is redacted, escaped
 * and clamped, so the result stays within Block Kit limits for any input. Post it with `link_names: false`
 * and unfurling off.
 */
export function buildAlarmMessage(view: AlarmMessageView): MessageContent {
  const { alarm, episode } = view;
  const { emoji, label } = alarmHeadline(view);
  const blocks: KnownBlock[] = [headerBlock(`${emoji} ${label}: ${safePlainText(alarm.name, 150)}`)];
  const mention = isFiring(view) && view.route.mention ? view.route.mention : "";
  const description = alarm.description ? safeText(alarm.description, 1200) : "";
  const intro = [mention, description].filter((s) => s.length > 0).join("\n");
  if (intro) blocks.push(sectionBlock(intro));
  if (alarm.reason) blocks.push(sectionBlock(`*Reason*\n${safeText(alarm.reason, 1500)}`));
  blocks.push(
    ...fieldSections(
      alarmFields({
        alarm,
        status: episode.status,
        openedAt: episode.openedAt,
        closedAt: episode.closedAt,
        alarmCount: episode.alarmCount,
        severity: view.route.severity,
        triggerText: view.triggerText,
      }),
    ),
  );
  const details = triggerDetails(alarm);
  if (details) blocks.push(sectionBlock(details));
  blocks.push(contextBlock(contextTexts(view)));
  const elements = [...linkButtons(view.links), ...episodeButtons(view)].slice(0, MAX_ACTIONS_ELEMENTS);
  const actions: ActionsBlock | undefined = elements.length > 0 ? { type: "actions", elements } : undefined;
  if (actions) blocks.push(actions);
  return { text: fallbackText(view, emoji, label), blocks: fitBlocks(blocks, { keepLast: actions ? 1 : 0 }) };
}
