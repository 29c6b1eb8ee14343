import type { Route } from "../config/schema.js";
import { applyNotification } from "../incidents/apply-notification.js";
import { routeAlarm } from "../routing/route-alarm.js";
import { matchRunbook } from "../runbooks/match-runbook.js";
import type { Runbook } from "../runbooks/runbook-schema.js";
import type { Logger } from "../shared/logger.js";
import type { IngestOutcome, Store } from "../store/store.js";
import type { Alarm } from "./alarm.js";

export interface IngestDeps {
  readonly store: Store;
  readonly routes: readonly Route[];
  readonly runbooks: readonly Runbook[];
  readonly defaultChannel: string;
  readonly logger: Logger;
  /** Called after new effects are durably enqueued, to wake the outbox. */
  readonly onEnqueued: () => void;
}

/**
 * Takes one parsed alarm notification through routing and the episode state machine and stores the result with
 * its Slack effects in one atomic step. Redeliveries (same message id) are recognised and change nothing.
 * When this resolves, the alarm is durable: it is safe to answer SNS 200.
 */
export async function ingestAlarm(
  deps: IngestDeps,
  input: { readonly messageId: string; readonly alarm: Alarm; readonly receivedAt: string },
): Promise<IngestOutcome> {
  const routed = routeAlarm(input.alarm, deps.routes, deps.defaultChannel);
  const runbook = matchRunbook(input.alarm, deps.runbooks, routed);
  const route = runbook && !routed.runbook ? { ...routed, runbook: runbook.name } : routed;
  const outcome = await deps.store.ingest(input, (history) => applyNotification(history, input.alarm, route));
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
    },
    "alarm notification stored",
  );
  if (decision.effects.length > 0) deps.onEnqueued();
  return outcome;
}
