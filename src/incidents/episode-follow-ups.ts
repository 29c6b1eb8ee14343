import { type PostMetricGraphDeps, postMetricGraph } from "../graphs/post-metric-graph.js";
import type { Metrics } from "../http/metrics.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { runFirstLook } from "../spikes/first-look.js";
import type { ErrorSummaryDeps } from "../spikes/run-error-summary.js";
import type { Store } from "../store/store.js";
import type { Episode } from "./episode.js";

export interface FollowUpDeps {
  readonly store: Store;
  readonly errors: ErrorSummaryDeps;
  /** Metric graphs, or undefined when they are off (config, or the playground with no AWS account). */
  readonly graphs?: PostMetricGraphDeps;
  readonly kickOutbox: () => void;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * What happens once a new episode's root message exists in Slack: the first-look error summary (when the route
 * names a service) goes into its thread through the outbox, and the alarm's CloudWatch graph is uploaded there.
 * Both run in the background; a failure is a thread note or a log line, never a blocked alarm.
 */
export function createEpisodeFollowUps(deps: FollowUpDeps): (episode: Episode) => void {
  const firstLook = (episode: Episode): void => {
    if (episode.status !== "open" || episode.route.service === undefined) return;
    runFirstLook(deps.errors, episode.alarm, episode.route)
      .then(async (look) => {
        if (!look) return;
        await deps.store.updateEpisode(episode.id, () => ({
          effects: [
            {
              kind: "thread_reply",
              episodeId: episode.id,
              channel: episode.route.channel,
              text: look.text,
              blocks: look.blocks,
            },
          ],
        }));
        deps.kickOutbox();
      })
      .catch((error: unknown) => deps.logger.warn({ err: error, episode: episode.id }, "first look failed"));
  };
  const graph = (episode: Episode): void => {
    const { slackChannel, slackTs } = episode;
    if (!deps.graphs || episode.status === "resolved" || !slackChannel || !slackTs) return;
    postMetricGraph(deps.graphs, { alarm: episode.alarm, slackChannel, slackTs }, deps.clock())
      .then((g) => deps.metrics.slackCalls.inc({ kind: "metric_graph", result: g.outcome }))
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, episode: episode.id }, "metric graph failed"),
      );
  };
  return (episode) => {
    firstLook(episode);
    graph(episode);
  };
}
