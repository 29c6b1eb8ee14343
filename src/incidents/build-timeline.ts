import type { ChecklistState } from "../runbooks/checklist-state.js";
import type { Episode } from "./episode.js";

/** One line of an incident timeline. Texts are untrusted (alarm reasons, people's messages). */
export interface TimelineEvent {
  /** ISO-8601. */
  readonly at: string;
  /** Slack user id of who did it, when a person did. */
  readonly by?: string;
  readonly what: string;
  readonly link?: string;
}

/** A human message from the alarm thread, as `conversations.replies` returns it. */
export interface ThreadMessage {
  readonly ts: string;
  readonly user: string;
  readonly text: string;
}

/** Everything a timeline summary and a postmortem draft are made of, computed from stored facts only. */
export interface IncidentTimeline {
  readonly episode: Episode;
  /** Oldest first. */
  readonly events: readonly TimelineEvent[];
  /** When the alarm first left OK, and when the episode closed (undefined while open). */
  readonly impactStart: string;
  readonly impactEnd?: string;
  readonly timeToAcknowledgeMs?: number;
  readonly timeToResolveMs?: number;
  /** Slack user ids of everyone who acted, in order of first action. */
  readonly responders: readonly string[];
  readonly checklist?: {
    readonly runbook: string;
    readonly title: string;
    readonly done: number;
    readonly total: number;
    readonly ticked: readonly { readonly text: string; readonly by: string; readonly at: string }[];
    readonly open: readonly string[];
  };
  /** Human messages were read (the bot has a history scope), or why not. */
  readonly messages: { readonly included: true } | { readonly included: false; readonly why: string };
}

/**
 * Builds an episode's timeline from what the store knows: every state change, acknowledgement, snooze,
 * escalation and resolution, every checklist tick with who and when, queries run from the thread (with their
 * console links), and the thread's human messages when the bot may read them. Also the figures a review
 * starts from: impact window, time to acknowledge, time to resolve, responders and checklist completion.
 */
export function buildTimeline(
  episode: Episode,
  checklist: ChecklistState | undefined,
  messages: { readonly list: readonly ThreadMessage[] } | { readonly unavailable: string },
): IncidentTimeline {
  const events: TimelineEvent[] = [];
  for (const t of episode.transitions) events.push({ at: t.time, what: `Alarm went to ${t.state}` });
  for (const a of episode.activity ?? []) {
    events.push({
      at: a.at,
      what: a.what,
      ...(a.by !== undefined && { by: a.by }),
      ...(a.link !== undefined && { link: a.link }),
    });
  }
  const ticked = (checklist?.items ?? [])
    .filter((i) => i.checkedBy !== undefined && i.checkedAt !== undefined)
    .map((i) => ({ text: i.text, by: i.checkedBy ?? "", at: i.checkedAt ?? "" }));
  for (const t of ticked) events.push({ at: t.at, by: t.by, what: `Ticked "${t.text}"` });
  if ("list" in messages) {
    for (const m of messages.list) events.push({ at: tsToIso(m.ts), by: m.user, what: m.text });
  }
  if (episode.closedAt !== undefined && episode.resolvedBy === undefined) {
    events.push({ at: episode.closedAt, what: "Episode closed: the alarm returned to OK" });
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const impactStart = episode.transitions.find((t) => t.state !== "OK")?.time ?? episode.openedAt;
  const opened = Date.parse(episode.openedAt);
  const responders: string[] = [];
  for (const e of events) if (e.by !== undefined && !responders.includes(e.by)) responders.push(e.by);
  return {
    episode,
    events,
    impactStart,
    ...(episode.closedAt !== undefined && { impactEnd: episode.closedAt }),
    ...(episode.acknowledgedAt !== undefined && {
      timeToAcknowledgeMs: Date.parse(episode.acknowledgedAt) - opened,
    }),
    ...(episode.closedAt !== undefined && { timeToResolveMs: Date.parse(episode.closedAt) - opened }),
    responders,
    ...(checklist !== undefined && {
      checklist: {
        runbook: checklist.runbook,
        title: checklist.title,
        done: ticked.length,
        total: checklist.items.length,
        ticked,
        open: checklist.items.filter((i) => i.checkedBy === undefined).map((i) => i.text),
      },
    }),
    messages: "list" in messages ? { included: true } : { included: false, why: messages.unavailable },
  };
}

/** Slack `ts` (`1700000000.123456`) → ISO-8601. */
function tsToIso(ts: string): string {
  const seconds = Number(ts);
  return new Date(Number.isFinite(seconds) ? seconds * 1000 : 0).toISOString();
}
