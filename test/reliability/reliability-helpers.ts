/**
 * Sizes for the reliability suite: the bounded size inside `npm test`, the bigger one when
 * `npm run test:reliability` sets `RELIABILITY_SCALE=full`. Only the tests read this variable; src never does.
 */
export const FULL_SCALE = process.env.RELIABILITY_SCALE === "full";

/** `small` in `npm test`, `full` in `npm run test:reliability`. */
export function scaled(small: number, full: number): number {
  return FULL_SCALE ? full : small;
}

/**
 * A config routing alarms named `…-c<k>` (k < 10) to ten channels `#<prefix>-<k>` paced at 10 posts/s each, so
 * the outbox's per-channel pacing does not dominate a test's run time.
 */
export function spreadConfig(topicArn: string, prefix: string): string {
  const routes = Array.from(
    { length: 10 },
    (_v, k) => `  - match: { alarmName: "*-c${k}" }\n    channel: "#${prefix}-${k}"`,
  );
  return [
    "slack:",
    '  defaultChannel: "#alerts"',
    "  postsPerSecondPerChannel: 10",
    "  metricGraphs: false",
    "sns:",
    `  topicArns: ["${topicArn}"]`,
    // Every alarm gets its own message (the storm digest would fold a burst into one message per channel).
    "incidents:",
    "  storm: { maxNewEpisodesPerMinute: 200 }",
    "routes:",
    ...routes,
    "",
  ].join("\n");
}
