import type { RecordedCall } from "../src/playground/slack-emulator/emulator-types.js";
import { buildSignedNotification } from "../test/fakes/sns-signer.js";
import { latencyAlarm, startHarness, TOPIC_ARN } from "../test/support/harness.js";
import { postAll } from "./lib/load.js";
import { SNS_HEADERS } from "./lib/sns-headers.js";
import { sleep, spreadConfig } from "./lib/stack.js";
import { type BenchRow, numericArgs, row } from "./lib/stats.js";

/** Sizes of the fairness benchmark; every one can be set with `--name value`. */
export const FAIRNESS_DEFAULTS = { backlog: 1000, pps: 10, settleMs: 2000, timeoutS: 120 };

/**
 * How long an alarm routed to a quiet channel waits for its Slack post while another channel has a backlog of
 * `backlog` alarms (stored with the outbox paused, then drained at `pps` posts a second for `settleMs` before
 * the quiet alarm arrives), against such an alarm with no backlog, measured first in the same process. The
 * outbox paces posts per channel, so a backlog in one channel should not delay the others.
 */
export async function runFairnessBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, FAIRNESS_DEFAULTS);
  const h = await startHarness({ config: spreadConfig(2, o.pps) });
  const time = new Date().toISOString();
  const body = (name: string) =>
    JSON.stringify(
      buildSignedNotification({ topicArn: TOPIC_ARN, message: latencyAlarm("ALARM", time, name) }),
    );
  const url = `${h.bot.url}/sns`;
  const postedAfter = async (name: string): Promise<number> => {
    const sent = Date.now();
    await postAll(url, [body(name)], 1, SNS_HEADERS);
    const isIt = (c: RecordedCall) => JSON.stringify(c.args).includes(name);
    while (Date.now() - sent < o.timeoutS * 1000) {
      const call = h.slack.callsTo("chat.postMessage").find(isIt);
      if (call !== undefined) return call.at.getTime() - sent;
      await sleep(10);
    }
    return Number.NaN;
  };
  try {
    // Warm-up: each channel's first post (resolving and joining it) is not what is measured.
    await postedAfter("warm-0-c0");
    await postedAfter("warm-0-c1");
    await sleep(1000);
    const alone = await postedAfter("alone-0-c1");
    await sleep(1000);
    await h.bot.outbox.stop();
    const backlog = Array.from({ length: o.backlog }, (_v, i) => body(`busy-${i}-c0`));
    await postAll(url, backlog, 32, SNS_HEADERS);
    h.bot.outbox.start();
    await sleep(o.settleMs);
    const behind = await postedAfter("quiet-0-c1");
    return [
      row(
        `outbox: alarm in a quiet channel → its Slack post, with ${o.backlog} alarms queued in another channel vs none`,
        behind,
        "ms",
        alone,
      ),
    ];
  } finally {
    await h.close();
  }
}
