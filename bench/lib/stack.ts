import type { RecordedCall } from "../../src/playground/slack-emulator/emulator-types.js";
import { TOPIC_ARN } from "../../test/support/harness.js";

/**
 * A klaxon config whose routes spread alarms named `…-c<k>` over `channels` channels `#bench-<k>`, with the
 * outbox pacing each channel at `postsPerSecondPerChannel`.
 */
export function spreadConfig(
  channels: number,
  postsPerSecondPerChannel: number | undefined,
  options: { digests?: boolean } = {},
): string {
  const routes = Array.from(
    { length: channels },
    (_v, k) => `  - match: { alarmName: "*-c${k}" }\n    channel: "#bench-${k}"\n    severity: high`,
  );
  return [
    "slack:",
    '  defaultChannel: "#alerts"',
    ...(postsPerSecondPerChannel === undefined
      ? []
      : [`  postsPerSecondPerChannel: ${postsPerSecondPerChannel}`]),
    "  metricGraphs: false",
    "sns:",
    `  topicArns: ["${TOPIC_ARN}"]`,
    // Digests off: every alarm gets its own message (the storm digest would fold a burst into one per channel).
    ...(options.digests === true ? [] : ["incidents:", "  storm: { maxNewEpisodesPerMinute: 200 }"]),
    "routes:",
    ...routes,
    "",
  ].join("\n");
}

/** The alarm name for alarm `i` of a run, carrying its channel suffix for {@link spreadConfig}. */
export function benchAlarmName(prefix: string, i: number, channels: number): string {
  return `${prefix}-${i}-c${i % channels}`;
}

/** The bench alarm name a recorded Slack call is about (from its text or blocks), if any. */
export function alarmNameOf(call: RecordedCall, prefix: string): string | undefined {
  const text = typeof call.args.text === "string" ? call.args.text : JSON.stringify(call.args);
  return new RegExp(`${prefix}-\\d+-c\\d+`).exec(text)?.[0];
}

/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
