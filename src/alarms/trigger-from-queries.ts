import type { AlarmTrigger, Evaluation, MetricQuery } from "./alarm.js";
import { compact } from "./payload-readers.js";

const BAND_FUNCTION = /\bANOMALY_DETECTION_BAND\s*\(/i;

/** True when the query is an anomaly-detection band (`ANOMALY_DETECTION_BAND(m1, 2)`). */
export function isBandQuery(query: MetricQuery): boolean {
  return query.expression !== undefined && BAND_FUNCTION.test(query.expression);
}

/**
 * Classifies an alarm's metric queries, the same way for SNS `Trigger.Metrics` and EventBridge
 * `configuration.metrics`: any band expression makes it an anomaly alarm (the band is the query the threshold
 * names, else the first band); a lone plain metric is a single-metric alarm; anything else is metric math,
 * Metrics Insights `SELECT` queries included.
 */
export function triggerFromQueries(
  queries: readonly MetricQuery[],
  evaluation: Evaluation,
  thresholdMetricId?: string,
): AlarmTrigger {
  const named = queries.find((query) => query.id === thresholdMetricId);
  const band = named !== undefined && isBandQuery(named) ? named : queries.find(isBandQuery);
  if (band !== undefined) {
    const watched = returnedQuery(queries);
    return {
      kind: "anomaly",
      metrics: queries,
      ...compact({ bandId: band.id }),
      ...evaluationWithPeriod(evaluation, watched?.metric?.period),
    };
  }
  const [only] = queries;
  if (queries.length === 1 && only?.metric !== undefined && only.expression === undefined) {
    return { kind: "metric", metric: only.metric, ...evaluationWithPeriod(evaluation, only.metric.period) };
  }
  const returned = returnedQuery(queries);
  return {
    kind: "math",
    metrics: queries,
    ...evaluationWithPeriod(evaluation, returned?.metric?.period ?? firstMetricPeriod(queries)),
  };
}

/** The query whose series the alarm evaluates: the non-band query with `returnData`, else the first one. */
export function returnedQuery(queries: readonly MetricQuery[]): MetricQuery | undefined {
  return queries.find((query) => query.returnData && !isBandQuery(query)) ?? queries[0];
}

function firstMetricPeriod(queries: readonly MetricQuery[]): number | undefined {
  return queries.find((query) => query.metric?.period !== undefined)?.metric?.period;
}

function evaluationWithPeriod(evaluation: Evaluation, fallbackPeriod?: number): Evaluation {
  const period = evaluation.period ?? fallbackPeriod;
  return period === undefined ? evaluation : { ...evaluation, period };
}
