import type { KnownBlock } from "@slack/types";
import type { Episode } from "../../incidents/episode.js";
import { describeMatch, type MuteWindow } from "../../mutes/mute-window.js";
import { formatDuration } from "../../shared/format-duration.js";
import { safeInline } from "../safe-text.js";
import { truncateMrkdwn } from "../truncate-text.js";

/** What the Home tab shows: open episodes, active mutes, the last report's headline, and links to messages. */
export interface AppHomeInput {
  readonly now: Date;
  readonly open: readonly Episode[];
  readonly mutes: readonly MuteWindow[];
  readonly reportHeadline?: string;
  /** The permalink of an episode's message, when it was posted. */
  readonly link: (e: Episode) => string | undefined;
}

const MAX_SECTION = 2_900;
const MAX_PER_CHANNEL = 15;

const section = (text: string): KnownBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: truncateMrkdwn(text, MAX_SECTION) },
});

function episodeLine(e: Episode, now: Date, link: string | undefined): string {
  const name = safeInline(e.alarm.name, 120);
  const state = e.status === "open" ? ":red_circle: ALARM" : ":white_circle: INSUFFICIENT_DATA";
  const age = formatDuration(now.getTime() - Date.parse(e.openedAt));
  const ack = e.acknowledgedBy !== undefined ? `acknowledged by <@${e.acknowledgedBy}>` : "not acknowledged";
  const muted = e.muted !== undefined && e.slackTs === undefined ? " · muted" : "";
  return `• ${link !== undefined ? `<${link}|${name}>` : `*${name}*`} — ${state} for ${age}, ${ack}${muted}`;
}

/**
 * The App Home view (pure): what is on fire now, grouped by channel (state, age, who acknowledged, a link to the
 * message), the active mute windows, and the last alarm-hygiene report's headline. Within Block Kit limits.
 */
export function buildAppHome(input: AppHomeInput): { type: "home"; blocks: KnownBlock[] } {
  const byChannel = new Map<string, Episode[]>();
  for (const e of input.open) {
    const list = byChannel.get(e.route.channel);
    if (list) list.push(e);
    else byChannel.set(e.route.channel, [e]);
  }
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "klaxon: what is on fire now" } },
    section(
      input.open.length === 0
        ? ":white_check_mark: No open alarm episodes."
        : `*${input.open.length} open episode${input.open.length === 1 ? "" : "s"}*`,
    ),
  ];
  for (const [channel, list] of [...byChannel].slice(0, 40)) {
    const lines = list.slice(0, MAX_PER_CHANNEL).map((e) => episodeLine(e, input.now, input.link(e)));
    const more = list.length > MAX_PER_CHANNEL ? [`…and ${list.length - MAX_PER_CHANNEL} more`] : [];
    blocks.push(section([`*${safeInline(channel, 80)}*`, ...lines, ...more].join("\n")));
  }
  blocks.push({ type: "divider" });
  blocks.push(
    section(
      input.mutes.length === 0
        ? "*Mute windows:* none active."
        : [
            `*Mute windows* (${input.mutes.length} active)`,
            ...input.mutes
              .slice(0, 20)
              .map(
                (w) =>
                  `• \`${w.id}\` ${describeMatch(w.match)} until ${w.endsAt.slice(0, 16).replace("T", " ")} UTC${w.reason !== undefined ? ` — ${safeInline(w.reason, 120)}` : ""}`,
              ),
          ].join("\n"),
    ),
  );
  blocks.push({ type: "divider" });
  blocks.push(
    section(`*Alarm hygiene, last 7 days:* ${input.reportHeadline ?? "no report yet (`/klaxon report`)."}`),
  );
  return { type: "home", blocks: blocks.slice(0, 100) };
}
