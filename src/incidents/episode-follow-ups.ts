import type { ChangesReport } from "../changes/change.js";
import { changeHint } from "../changes/change-hint.js";
import type { FindChanges } from "../changes/find-changes.js";
import type { ServiceConfig } from "../config/schema.js";
import type { ErrorSummaryDeps } from "../error-summary/error-summary-types.js";
import { runFirstLook } from "../error-summary/first-look.js";
import { type GraphOutcome, type PostMetricGraphDeps, postMetricGraph } from "../graphs/post-metric-graph.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { Store } from "../store/store.js";
import { threadReply } from "./effects.js";
import type { Episode } from "./episode.js";
import type { ChangesFound, EpisodeReply } from "./episode-reply.js";

/** "What changed" in follow-ups: the finder, how far back to look, how long a first look waits for it. */
export interface FollowUpChanges {
  readonly find: FindChanges;
  readonly lookbackMinutes: number;
  readonly waitMs: number;
  readonly services: Readonly<Record<string, ServiceConfig>>;
}

export interface FollowUpDeps {
  readonly store: Store;
  readonly errors: ErrorSummaryDeps;
  /** Metric graphs, or undefined when they are off (config, or the playground with no AWS account). */
  readonly graphs?: PostMetricGraphDeps | undefined;
  /** Changes before the alarm, or undefined when off. */
  readonly changes?: FollowUpChanges | undefined;
  readonly kickOutbox: () => void;
  /** Told how each metric graph upload ended (for the Slack call metrics). */
  readonly onMetricGraph?: (outcome: GraphOutcome["outcome"]) => void;
  readonly clock: Clock;
  readonly logger: Logger;
}

const pending = Symbol("pending");

/** The promise's value if it settles within `ms`, else `pending` (the promise keeps running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof pending> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof pending>((resolve) => {
    timer = setTimeout(() => resolve(pending), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What happens once a new episode's root message exists in Slack: the first-look error summary (when the route
 * names a service) goes into its thread through the outbox with the changes made before the alarm (CloudTrail
 * write events, ECS deployments), and the alarm's CloudWatch graph is uploaded there. A relevant change in the
 * 30 minutes before the alarm also becomes a one-line hint on the alarm message. The first look waits for the
 * changes only `waitMs`; later changes follow as their own reply. All of it runs in the background; a failure
 * is a thread note or a log line, never a blocked alarm.
 */
export function createEpisodeFollowUps(deps: FollowUpDeps): (episode: Episode) => void {
  const reply = async (episode: Episode, content: EpisodeReply): Promise<void> => {
    await deps.store.updateEpisode(episode.id, () => ({ effects: [threadReply(episode, content)] }));
    deps.kickOutbox();
  };

  const hint = async (episode: Episode, report: ChangesReport, alarmMs: number): Promise<void> => {
    const text = changeHint(report, alarmMs);
    if (text === undefined) return;
    await deps.store.updateEpisode(episode.id, (e) =>
      e.changeHint === text
        ? undefined
        : {
            episode: { ...e, changeHint: text },
            effects: [{ kind: "update_root", episodeId: e.id, channel: e.route.channel }],
          },
    );
    deps.kickOutbox();
  };

  const startChanges = (
    episode: Episode,
  ): { report: Promise<ChangesReport | undefined>; alarmMs: number } | undefined => {
    const c = deps.changes;
    const region = episode.alarm.region;
    const alarmMs = Date.parse(episode.alarm.time) || Date.parse(episode.openedAt);
    if (!c || region === undefined || Number.isNaN(alarmMs)) return undefined;
    const serviceName = episode.route.service;
    const service =
      serviceName !== undefined && Object.hasOwn(c.services, serviceName)
        ? c.services[serviceName]
        : undefined;
    // The trail of the account the service names, else the alarm's own account.
    const account = service?.account ?? episode.alarm.accountId;
    const report = c
      .find({
        region,
        ...(account !== undefined && { account }),
        partition: episode.alarm.partition,
        startMs: alarmMs - c.lookbackMinutes * 60_000,
        endMs: alarmMs,
        alarm: episode.alarm,
        ...(serviceName !== undefined && { serviceName }),
        ...(service?.resources !== undefined && { serviceResources: service.resources }),
      })
      .catch((error: unknown) => {
        deps.logger.warn({ err: error, episode: episode.id }, "change lookup failed");
        return undefined;
      });
    return { report, alarmMs };
  };

  const found = (report: ChangesReport, alarmMs: number): ChangesFound => ({ report, referenceMs: alarmMs });

  const firstLookAndChanges = (episode: Episode): void => {
    if (episode.status !== "open") return;
    const changes = startChanges(episode);
    if (changes) {
      changes.report
        .then((report) => (report ? hint(episode, report, changes.alarmMs) : undefined))
        .catch((error: unknown) =>
          deps.logger.warn({ err: error, episode: episode.id }, "change hint failed"),
        );
    }
    if (episode.route.service === undefined) {
      // Without a first look, changes get a reply of their own only when one touched what the alarm watches.
      changes?.report
        .then(async (report) => {
          if (report?.changes.some((c) => c.relevance === "alarm"))
            await reply(episode, { kind: "changes", changes: found(report, changes.alarmMs) });
        })
        .catch((error: unknown) =>
          deps.logger.warn({ err: error, episode: episode.id }, "changes reply failed"),
        );
      return;
    }
    runFirstLook(deps.errors, episode.alarm, episode.route)
      .then(async (look) => {
        if (!look) return;
        if (!changes) return reply(episode, { kind: "first_look", look });
        const early = await within(changes.report, deps.changes?.waitMs ?? 0);
        if (early === pending) {
          await reply(episode, { kind: "first_look", look, changes: "pending" });
          const late = await changes.report;
          if (late) await reply(episode, { kind: "changes", changes: found(late, changes.alarmMs) });
          return;
        }
        await reply(episode, {
          kind: "first_look",
          look,
          ...(early && { changes: found(early, changes.alarmMs) }),
        });
      })
      .catch((error: unknown) => deps.logger.warn({ err: error, episode: episode.id }, "first look failed"));
  };

  const graph = (episode: Episode): void => {
    const { slackChannel, slackTs } = episode;
    if (!deps.graphs || episode.status === "resolved" || !slackChannel || !slackTs) return;
    postMetricGraph(deps.graphs, { alarm: episode.alarm, slackChannel, slackTs }, deps.clock())
      .then((g) => deps.onMetricGraph?.(g.outcome))
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, episode: episode.id }, "metric graph failed"),
      );
  };
  return (episode) => {
    firstLookAndChanges(episode);
    graph(episode);
  };
}
