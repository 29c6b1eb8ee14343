import { startHarness } from "../test/support/harness.js";
import { startHelloServer } from "./lib/hello-server.js";
import { sleep } from "./lib/stack.js";
import { type BenchRow, numericArgs, percentile, row } from "./lib/stats.js";

/** Sizes of the slash-command ack benchmark. */
export const SLASH_ACK_DEFAULTS = { concurrency: 50, rounds: 40, warmup: 3 };

/** Slack shows "operation_timeout" to the user when a command is not acknowledged within 3 s. */
const SLACK_ACK_DEADLINE_MS = 3000;

/** How long a round waits for klaxon's answers through `response_url` before the next round starts. */
const ANSWER_TIMEOUT_MS = 10_000;

/** A pause after every round, so what a round leaves behind (reading the answers' replies) ends before the next. */
const SETTLE_MS = 50;

const median = (values: readonly number[]): number => percentile(values, 50);

interface Round {
  /** Process CPU time (user + system) the round took, the answers through `response_url` included. */
  readonly cpuMs: number;
  readonly acks: number[];
  readonly answers: number[];
  readonly failed: number;
  readonly unanswered: number;
}

/**
 * Time from sending a signed `/klaxon help` to the HTTP 200 ack, with `concurrency` commands in flight at once,
 * measured by the Slack emulator playing Slack, for klaxon and for a hello-world server. Rounds alternate
 * between the two (hello-world first in even rounds, klaxon first in odd ones) so a machine shared with other
 * work slows both alike; each round starts once the previous round's answers reached `response_url` and 50 ms
 * passed, so the baseline never pays for klaxon's answers. Also reports the time to the answer itself, the work moved after
 * the ack.
 */
export async function runSlashAckBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, SLASH_ACK_DEFAULTS);
  const h = await startHarness();
  // The same signed bodies from the same client at the same concurrency; answered with an empty 200, as
  // klaxon acks, so the emulator does the same work with both answers.
  const hello = await startHelloServer({ body: "" });
  const klaxonEndpoint = `${h.bot.url}/slack/events`;
  const answeredAt = new Map<string, number>();
  const stopWatching = h.slack.onChange((change) => {
    if (change.type === "response" && change.response.source === "response_url") {
      answeredAt.set(change.response.id, performance.now());
    }
  });
  try {
    const channel = h.slack.createChannel("bench-commands");
    const round = async (endpoint: string): Promise<Round> => {
      await sleep(SETTLE_MS);
      h.slack.setBotEndpoint(endpoint);
      const cpuBefore = process.cpuUsage();
      const cpuMs = () => {
        const used = process.cpuUsage(cpuBefore);
        return (used.user + used.system) / 1000;
      };
      const sent = await Promise.all(
        Array.from({ length: o.concurrency }, async (_v, i) => {
          const started = performance.now();
          const answer = await h.slack.sendSlashCommand({
            command: "/klaxon",
            text: "help",
            channelId: channel.id,
            userId: `U0BENCH${i}`,
          });
          return { started, answer };
        }),
      );
      const acks = sent.filter((s) => s.answer.status === 200).map((s) => s.answer.elapsedMs);
      const failed = sent.length - acks.length;
      if (endpoint !== klaxonEndpoint) return { cpuMs: cpuMs(), acks, answers: [], failed, unanswered: 0 };
      const ids = sent.map((s) => s.answer.responseId);
      const end = performance.now() + ANSWER_TIMEOUT_MS;
      while (ids.some((id) => !answeredAt.has(id)) && performance.now() < end) await sleep(5);
      const answers = sent.flatMap((s) => {
        const at = answeredAt.get(s.answer.responseId);
        return at === undefined ? [] : [at - s.started];
      });
      return { cpuMs: cpuMs(), acks, answers, failed, unanswered: ids.length - answers.length };
    };
    for (let r = 0; r < o.warmup; r++) {
      await round(hello.url);
      await round(klaxonEndpoint);
    }
    const base: Round[] = [];
    const klaxon: Round[] = [];
    for (let r = 0; r < o.rounds; r++) {
      if (r % 2 === 0) {
        base.push(await round(hello.url));
        klaxon.push(await round(klaxonEndpoint));
      } else {
        klaxon.push(await round(klaxonEndpoint));
        base.push(await round(hello.url));
      }
    }
    const acks = klaxon.flatMap((x) => x.acks);
    const baseAcks = base.flatMap((x) => x.acks);
    const answers = klaxon.flatMap((x) => x.answers);
    const sum = (rounds: Round[], f: (x: Round) => number) => rounds.reduce((n, x) => n + f(x), 0);
    const label = `${o.concurrency} concurrent × ${o.rounds}`;
    const commands = o.rounds * o.concurrency;
    return [
      row(`slash ack p50 (${label})`, percentile(acks, 50), "ms", SLACK_ACK_DEADLINE_MS),
      row(`slash ack p99 (${label})`, percentile(acks, 99), "ms", SLACK_ACK_DEADLINE_MS),
      row("slash ack p99 vs hello-world", percentile(acks, 99), "ms", percentile(baseAcks, 99)),
      // A machine shared with other jobs stalls whole rounds (all 50 requests at once), and the pooled p99 is
      // then the stalled round's; the median round's p99 is the same figure without that luck.
      row(
        "slash ack p99 of the median round vs hello-world",
        median(klaxon.map((x) => percentile(x.acks, 99))),
        "ms",
        median(base.map((x) => percentile(x.acks, 99))),
      ),
      row("slash ack p50 vs hello-world", percentile(acks, 50), "ms", percentile(baseAcks, 50)),
      row(
        "slash commands not acked with 200",
        sum(klaxon, (x) => x.failed),
        "count",
        sum(base, (x) => x.failed),
      ),
      row("slash answers delivered through response_url", answers.length, "count", commands),
      row(`slash answer at response_url p50 (${label})`, percentile(answers, 50), "ms"),
      row(`slash answer at response_url p99 (${label})`, percentile(answers, 99), "ms"),
      row(
        "slash command CPU time in the process (client, server, answer) vs hello-world",
        sum(klaxon, (x) => x.cpuMs) / commands,
        "ms",
        sum(base, (x) => x.cpuMs) / commands,
      ),
    ];
  } finally {
    stopWatching();
    await hello.close();
    await h.close();
  }
}
