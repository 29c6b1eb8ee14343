import { startHarness } from "../test/support/harness.js";
import { startHelloServer } from "./lib/hello-server.js";
import { sleep } from "./lib/stack.js";
import { type BenchRow, numericArgs, percentile, row } from "./lib/stats.js";

/** Sizes of the slash-command ack benchmark. */
export const SLASH_ACK_DEFAULTS = { concurrency: 50, rounds: 10 };

/** Slack shows "operation_timeout" to the user when a command is not acknowledged within 3 s. */
const SLACK_ACK_DEADLINE_MS = 3000;

/**
 * Time from sending a signed `/klaxon help` to klaxon's HTTP 200 ack, with `concurrency` commands in flight at
 * once, `rounds` times, measured by the Slack emulator playing Slack; compared with Slack's 3,000 ms deadline.
 */
export async function runSlashAckBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, SLASH_ACK_DEFAULTS);
  const h = await startHarness();
  try {
    const channel = h.slack.createChannel("bench-commands");
    const send = (i: number) =>
      h.slack.sendSlashCommand({
        command: "/klaxon",
        text: "help",
        channelId: channel.id,
        userId: `U0BENCH${i}`,
      });
    const measure = async (): Promise<{ acks: number[]; failed: number }> => {
      await Promise.all([send(0), send(1)]);
      const acks: number[] = [];
      let failed = 0;
      for (let r = 0; r < o.rounds; r++) {
        const answers = await Promise.all(Array.from({ length: o.concurrency }, (_v, i) => send(i)));
        for (const a of answers) {
          if (a.status === 200) acks.push(a.elapsedMs);
          else failed++;
        }
      }
      return { acks, failed };
    };
    // The baseline: the same signed bodies from the same client (the emulator playing Slack) at the same
    // concurrency, answered by a hello-world server in the same process.
    const hello = await startHelloServer();
    const klaxonEndpoint = `${h.bot.url}/slack/events`;
    h.slack.setBotEndpoint(hello.url);
    const base = await measure().finally(() => hello.close());
    h.slack.setBotEndpoint(klaxonEndpoint);
    const sentBefore = h.slack.responses().length;
    const { acks, failed } = await measure();
    const sent = sentBefore + 2 + o.rounds * o.concurrency;
    const end = Date.now() + 10_000;
    while (h.slack.responses().length < sent && Date.now() < end) await sleep(50);
    return [
      row(
        `slash ack p50 (${o.concurrency} concurrent × ${o.rounds})`,
        percentile(acks, 50),
        "ms",
        SLACK_ACK_DEADLINE_MS,
      ),
      row(
        `slash ack p99 (${o.concurrency} concurrent × ${o.rounds})`,
        percentile(acks, 99),
        "ms",
        SLACK_ACK_DEADLINE_MS,
      ),
      row("slash ack p99 vs hello-world", percentile(acks, 99), "ms", percentile(base.acks, 99)),
      row("slash ack p50 vs hello-world", percentile(acks, 50), "ms", percentile(base.acks, 50)),
      row("slash commands not acked with 200", failed, "count", 0),
      row("slash answers delivered through response_url", h.slack.responses().length, "count", sent),
    ];
  } finally {
    await h.close();
  }
}
