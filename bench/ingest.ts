import { buildSignedNotification } from "../test/fakes/sns-signer.js";
import { latencyAlarm, startHarness, TOPIC_ARN } from "../test/support/harness.js";
import { startHelloServer } from "./lib/hello-server.js";
import { type LoadResult, postAll } from "./lib/load.js";
import { SNS_HEADERS } from "./lib/sns-headers.js";
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
  rounds: 3,
};

/** `count` signed notifications, alarm `i` routed to channel `firstChannel + i % channels`. */
function signedBodies(prefix: string, count: number, channels: number, firstChannel = 0): string[] {
  const time = new Date().toISOString();
  return Array.from({ length: count }, (_v, i) => {
    const name =
      firstChannel === 0
        ? benchAlarmName(prefix, i, channels)
        : `${prefix}-${i}-c${firstChannel + (i % channels)}`;
    return JSON.stringify(
      buildSignedNotification({ topicArn: TOPIC_ARN, message: latencyAlarm("ALARM", time, name) }),
    );
  });
}

/**
 * Verified SNS notifications per second into the real klaxon (signature checked, SQLite file, outbox posting to
 * the emulator) against a hello-world server with the same client, concurrency and pre-signed bodies, then the
 * time from the POST to the first Slack call for each alarm: under the burst (queueing included) and at a steady
 * rate. Ingest is measured with the outbox paused while the bursts are answered (klaxon's ingest alone, in
 * `rounds` rounds alternating with the baseline), then once more with the outbox posting the burst's alarms to
 * the in-process Slack emulator on the same cores at the same time (the alarm→Slack rows come from that burst).
 */
export async function runIngestBench(argv: readonly string[] = []): Promise<BenchRow[]> {
  const o = numericArgs(argv, INGEST_DEFAULTS);
  // The ingest rounds use channels of their own: on the burst's channels they would make the burst a storm (more
  // than 200 new episodes a minute in a channel), and a storm's alarms join a digest instead of posts of their own.
  const h = await startHarness({ config: spreadConfig(o.channels * (o.rounds + 1), 10) });
  const hello = await startHelloServer();
  const snsUrl = `${h.bot.url}/sns`;
  try {
    // Signing is SNS's work, not klaxon's: every body is signed before any timed window.
    const warm = signedBodies("warm", 50, o.channels);
    const alone = Array.from({ length: o.rounds }, (_v, r) =>
      signedBodies(`ingest${r}`, o.count, o.channels, (r + 1) * o.channels),
    );
    const burst = signedBodies("burst", o.count, o.channels);
    const steady = signedBodies("steady", o.steadyCount, o.channels);
    await postAll(snsUrl, warm, 4, SNS_HEADERS);
    await postAll(hello.url, warm, 4, SNS_HEADERS);
    await waitForEmptyOutbox(h.bot.store, o.drainTimeoutS);

    // Rounds alternate the baseline and klaxon, so load from other jobs on the machine falls on both alike. The
    // outbox posts each round's alarms before the next round, so its backlog never exceeds one burst.
    const base: LoadResult[] = [];
    const solo: LoadResult[] = [];
    for (const bodies of alone) {
      base.push(await postAll(hello.url, burst, o.concurrency, SNS_HEADERS));
      await h.bot.outbox.stop();
      solo.push(await postAll(snsUrl, bodies, o.concurrency, SNS_HEADERS));
      h.bot.outbox.start();
      await waitForEmptyOutbox(h.bot.store, o.drainTimeoutS);
    }
    const run = await postAll(snsUrl, burst, o.concurrency, SNS_HEADERS);
    const accepted = [...solo, run].flatMap((l) => l.statuses).filter((s) => s === 200).length;
    const rate = (loads: readonly LoadResult[]) =>
      ((o.count * loads.length) / loads.reduce((sum, l) => sum + l.elapsedMs, 0)) * 1000;
    const helloRate = rate(base);
    const latencies = (loads: readonly LoadResult[]) => loads.flatMap((l) => l.latencies);

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
      void postAll(snsUrl, [steady[i] ?? ""], 1, SNS_HEADERS);
      await sleep(1000 / o.steadyRate);
    }
    const steadyFirst = await firstCall("steady", o.steadyCount);
    const steadyLatency = steady.flatMap((_b, i) => {
      const at = steadyFirst.get(benchAlarmName("steady", i, o.channels));
      return at === undefined ? [] : [at - (steadySent[i] ?? 0)];
    });

    return [
      row(
        `ingest: verified SNS notifications/s (${o.count}, ${o.concurrency} clients, outbox paused)`,
        rate(solo),
        "req/s",
        helloRate,
      ),
      row(
        "ingest: SNS answer latency p50",
        percentile(latencies(solo), 50),
        "ms",
        percentile(latencies(base), 50),
      ),
      row(
        "ingest: SNS answer latency p99",
        percentile(latencies(solo), 99),
        "ms",
        percentile(latencies(base), 99),
      ),
      row(
        `ingest: verified SNS notifications/s while the outbox posts them to the in-process Slack (${o.count})`,
        rate([run]),
        "req/s",
        helloRate,
      ),
      row("ingest: notifications answered 200", accepted, "count", (o.rounds + 1) * o.count),
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

async function waitForEmptyOutbox(store: { pendingOutboxCount(): Promise<number> }, timeoutS: number) {
  const end = Date.now() + timeoutS * 1000;
  while (Date.now() < end && (await store.pendingOutboxCount()) > 0) await sleep(100);
}
