import type { Alarm } from "../alarms/alarm.js";
import type { Route } from "../config/schema.js";
import { applyMute, quietHistory } from "../mutes/apply-mute.js";
import { activeMuteFor, type MuteWindow } from "../mutes/mute-window.js";
import type { AlarmTags } from "../routing/alarm-tags.js";
import { routeAlarm, routesUseTags } from "../routing/route-alarm.js";
import { newChecklist } from "../runbooks/checklist-state.js";
import { matchRunbook } from "../runbooks/match-runbook.js";
import type { Runbook } from "../runbooks/runbook-schema.js";
import type { Logger } from "../shared/logger.js";
import type { IngestOutcome, Store } from "../store/store.js";
import { applyNotification } from "./apply-notification.js";
import type { Decision } from "./decision.js";
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from "./incident-policy.js";

export interface IngestDeps {
  readonly store: Store;
  readonly routes: readonly Route[];
  readonly runbooks: readonly Runbook[];
  readonly defaultChannel: string;
  readonly logger: Logger;
  /** The link to a runbook, when klaxon has a URL for it. */
  readonly runbookUrl: (name: string) => string | undefined;
  /** Storm, flapping and reopen thresholds (config `incidents:`); the config defaults when absent. */
  readonly incidents?: IncidentPolicy;
  /** The alarm's resource tags for `match.tags` routes (bounded wait; see `createAlarmTagLookup`). */
  readonly tagsOf?: ((alarm: Alarm) => Promise<AlarmTags | undefined>) | undefined;
  /** The mute windows (saved and configured) that may be active at a time; none when absent. */
  readonly mutes?: (at: Date) => Promise<readonly MuteWindow[]>;
  /** Called after new effects are durably enqueued, to wake the outbox. */
  readonly onEnqueued: () => void;
}

/** A newly opened episode whose runbook has steps gets the checklist posted in its thread, stored with it. */
function withChecklist(decision: Decision, runbook: Runbook, url: string | undefined): Decision {
  const opened = decision.effects.find((e) => e.kind === "post_root");
  if (!opened || !decision.episode || runbook.checklist.length === 0) return decision;
  const checklist = newChecklist(runbook, { episodeId: decision.episode.id });
  return {
    ...decision,
    checklists: [checklist],
    effects: [
      ...decision.effects,
      {
        kind: "thread_reply",
        episodeId: opened.episodeId,
        channel: opened.channel,
        reply: { kind: "checklist", checklist, runbookUrl: url },
      },
    ],
  };
}

/**
 * Takes one parsed alarm notification through routing and the episode state machine and stores the result with
 * its Slack effects in one atomic step. The route's channel goes to the store, which counts new episodes per
 * channel so a storm joins one digest message instead of posting one message per alarm. Redeliveries (same message id) are recognised and change nothing.
 * When this resolves, the alarm is durable: it is safe to answer SNS 200.
 */
export async function ingestAlarm(
  deps: IngestDeps,
  input: { readonly messageId: string; readonly alarm: Alarm; readonly receivedAt: string },
): Promise<IngestOutcome> {
  const tags = deps.tagsOf && routesUseTags(deps.routes) ? await deps.tagsOf(input.alarm) : undefined;
  const routed = routeAlarm(input.alarm, deps.routes, deps.defaultChannel, tags);
  const runbook = matchRunbook(input.alarm, deps.runbooks, routed);
  const route = runbook && !routed.runbook ? { ...routed, runbook: runbook.name } : routed;
  const policy = deps.incidents ?? DEFAULT_INCIDENT_POLICY;
  const at = new Date(input.receivedAt);
  const mute = deps.mutes ? activeMuteFor(await deps.mutes(at), input.alarm, route, at) : undefined;
  const outcome = await deps.store.ingest({ ...input, channel: route.channel }, (history) => {
    const quiet =
      mute !== undefined || (history.openEpisode?.muted !== undefined && !history.openEpisode.slackTs);
    const decision = applyNotification(quiet ? quietHistory(history) : history, input.alarm, route, policy);
    const full = runbook ? withChecklist(decision, runbook, deps.runbookUrl(runbook.name)) : decision;
    return applyMute(full, mute);
  });
  if (outcome.status === "duplicate") {
    deps.logger.info({ messageId: input.messageId, alarm: input.alarm.name }, "duplicate delivery ignored");
    return outcome;
  }
  const { decision } = outcome;
  deps.logger.info(
    {
      messageId: input.messageId,
      alarm: input.alarm.name,
      state: input.alarm.state,
      channel: route.channel,
      effects: decision.effects.map((e) => e.kind),
      ...(decision.ignored !== undefined && { ignored: decision.ignored }),
      ...(decision.episode?.muted && { muted: decision.episode.muted.key }),
    },
    "alarm notification stored",
  );
  if (decision.effects.length > 0) deps.onEnqueued();
  return outcome;
}
