import { buildSignedNotification } from "../test/fakes/sns-signer.js";
import { latencyAlarm, startHarness, TOPIC_ARN } from "../test/support/harness.js";
import { startHelloServer } from "./lib/hello-server.js";
import { postAll } from "./lib/load.js";
import { alarmNameOf, benchAlarmName, sleep, spreadConfig } from "./lib/stack.js";
import { type BenchRow, numericArgs, percentile, row } from "./lib/stats.js";

/** Sizes of the ingest benchmark; every one can be set with `--name value`. */
export const INGEST_DEFAULTS = {
  count: 2000,
  concurrency: 32,
  channels: 20,
  steadyCount: 100,
  steadyRate: 20,
  drainTimeoutS: 90,
};

function signedBodies(prefix: string, count: number, channels: number): string[] {
  const time = new Date().toISOString();
  return Array.from({ length: count }, (_v, i) =>
    JSON.stringify(
      buildSignedNotification({
        topicArn: TOPIC_ARN,
        message: latencyAlarm("ALARM", time, benchAlarmName(prefix, i, channels)),
      }),
    ),
  );
}

/**
 * Verified SNS notifications per second into the real klaxon (signature checked, SQLite file, outbox posting to
 * the emulator) against a hello-world server with the same client and concurrency, then the time from the POST
 * to the first Slack call for each alarm: under the burst (queueing included) and at a steady rate.
 */
export async function runIngestBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, INGEST_DEFAULTS);
  const h = await startHarness({ config: spreadConfig(o.channels, 10) });
  const hello = await startHelloServer();
  try {
    const warm = signedBodies("warm", 50, o.channels);
    const burst = signedBodies("burst", o.count, o.channels);
    const steady = signedBodies("steady", o.steadyCount, o.channels);
    await postAll(`${h.bot.url}/sns`, warm, 4);
    await postAll(hello.url, warm, 4);

    const base = await postAll(hello.url, burst, o.concurrency);
    const run = await postAll(`${h.bot.url}/sns`, burst, o.concurrency);
    const accepted = run.statuses.filter((s) => s === 200).length;
    const klaxonRate = (o.count / run.elapsedMs) * 1000;
    const helloRate = (o.count / base.elapsedMs) * 1000;

    const firstCall = async (prefix: string, total: number) => {
      const end = Date.now() + o.drainTimeoutS * 1000;
      const seen = new Map<string, number>();
      while (Date.now() < end) {
        for (const c of h.slack.callsTo("chat.postMessage")) {
          const name = alarmNameOf(c, prefix);
          if (name !== undefined && !seen.has(name)) seen.set(name, c.at.getTime());
        }
        if (seen.size >= total) break;
        await sleep(100);
      }
      return seen;
    };
    const burstFirst = await firstCall("burst", o.count);
    const burstLatency = burst.flatMap((_b, i) => {
      const at = burstFirst.get(benchAlarmName("burst", i, o.channels));
      return at === undefined ? [] : [at - (run.sentAt[i] ?? 0)];
    });

    const steadySent: number[] = [];
    for (let i = 0; i < steady.length; i++) {
      steadySent.push(Date.now());
      void postAll(`${h.bot.url}/sns`, [steady[i] ?? ""], 1);
      await sleep(1000 / o.steadyRate);
    }
    const steadyFirst = await firstCall("steady", o.steadyCount);
    const steadyLatency = steady.flatMap((_b, i) => {
      const at = steadyFirst.get(benchAlarmName("steady", i, o.channels));
      return at === undefined ? [] : [at - (steadySent[i] ?? 0)];
    });

    return [
      row(
        `ingest: verified SNS notifications/s (${o.count}, ${o.concurrency} clients)`,
        klaxonRate,
        "req/s",
        helloRate,
      ),
      row(
        "ingest: SNS answer latency p50",
        percentile(run.latencies, 50),
        "ms",
        percentile(base.latencies, 50),
      ),
      row(
        "ingest: SNS answer latency p99",
        percentile(run.latencies, 99),
        "ms",
        percentile(base.latencies, 99),
      ),
      row("ingest: notifications answered 200", accepted, "count", o.count),
      row(`ingest: alarm→first Slack call p50 (burst of ${o.count})`, percentile(burstLatency, 50), "ms"),
      row(`ingest: alarm→first Slack call p99 (burst of ${o.count})`, percentile(burstLatency, 99), "ms"),
      row("ingest: burst alarms posted within the drain timeout", burstLatency.length, "count", o.count),
      row(
        `ingest: alarm→first Slack call p50 (steady ${o.steadyRate}/s)`,
        percentile(steadyLatency, 50),
        "ms",
      ),
      row(
        `ingest: alarm→first Slack call p99 (steady ${o.steadyRate}/s)`,
        percentile(steadyLatency, 99),
        "ms",
      ),
    ];
  } finally {
    await hello.close();
    await h.close();
  }
}
