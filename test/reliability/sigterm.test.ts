import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../src/playground/slack-emulator/slack-emulator.js";
import {
  FAKE_SNS_CERT_URL_PATTERN,
  type FakeSnsServer,
  startFakeSnsServer,
} from "../fakes/fake-sns-server.js";
import { type KlaxonProcess, spawnKlaxon } from "../fakes/klaxon-process.js";
import { buildSignedNotification } from "../fakes/sns-signer.js";
import { latencyAlarm, SIGNING_SECRET, TOPIC_ARN, waitFor } from "../support/harness.js";
import { scaled, spreadConfig } from "./reliability-helpers.js";

const BURST = scaled(80, 400);

/** Starts klaxon as its own process and waits for /readyz. */
async function startBot(env: Record<string, string>): Promise<KlaxonProcess> {
  const bot = await spawnKlaxon(env);
  await bot.ready(20_000);
  return bot;
}

describe("reliability: SIGTERM under load", () => {
  let sns: FakeSnsServer;
  let slack: SlackEmulator;
  let dir: string;
  beforeAll(async () => {
    sns = await startFakeSnsServer();
    slack = await startSlackEmulator({ signingSecret: SIGNING_SECRET });
    dir = mkdtempSync(join(tmpdir(), "klaxon-sigterm-"));
    writeFileSync(join(dir, "klaxon.yaml"), spreadConfig(TOPIC_ARN, "term"));
  });
  afterAll(async () => {
    await slack.close();
    await sns.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`drains on SIGTERM during a burst of ${BURST}, refuses new deliveries with 503, and posts every accepted alarm exactly once after restart`, async () => {
    const env = {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      KLAXON_CONFIG: join(dir, "klaxon.yaml"),
      KLAXON_DB: join(dir, "data", "klaxon.db"),
      KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
      KLAXON_SNS_CERT_URL_PATTERN: FAKE_SNS_CERT_URL_PATTERN,
      KLAXON_LOG_LEVEL: "error",
    };
    const bodies = Array.from({ length: BURST }, (_v, i) =>
      JSON.stringify(
        buildSignedNotification({
          topicArn: TOPIC_ARN,
          message: latencyAlarm("ALARM", "2026-11-20T10:00:00.000Z", `term-${i}-c${i % 10}`),
          certUrl: sns.certUrl,
        }),
      ),
    );
    const first = await startBot(env);
    const warm = buildSignedNotification({
      topicArn: TOPIC_ARN,
      message: latencyAlarm("ALARM", "2026-11-20T10:00:00.000Z", "termwarm-c0"),
      certUrl: sns.certUrl,
    });
    const warmAnswer = await fetch(`${first.url}/sns`, { method: "POST", body: JSON.stringify(warm) });
    expect(warmAnswer.status).toBe(200);
    // A few failing posts keep the outbox busy while the signal arrives, so draining has work to do.
    slack.failNext("chat.postMessage", { status: 503, count: 5 });
    const post = (body: string) =>
      fetch(`${first.url}/sns`, { method: "POST", headers: { "content-type": "text/plain" }, body })
        .then(async (r) => ({ status: r.status, text: await r.text() }))
        .catch(() => ({ status: -1, text: "connection refused" }));

    const statuses: number[] = new Array(BURST).fill(0);
    const exited = new Promise<number | null>((resolve) => first.child.once("exit", (code) => resolve(code)));
    let signalledAt = 0;
    const sends = bodies.map(async (body, i) => {
      await new Promise((r) => setTimeout(r, i * 5));
      if (i === Math.floor(BURST / 2)) {
        signalledAt = Date.now();
        first.child.kill("SIGTERM");
      }
      statuses[i] = (await post(body)).status;
    });
    await Promise.all(sends);
    const afterSignal = await post(bodies[0] ?? "");
    const code = await exited;
    const postedNames = () =>
      new Set(
        slack
          .callsTo("chat.postMessage")
          .flatMap((c) => (c.ok ? (/term-\d+-c\d/.exec(String(c.args.text)) ?? []) : [])),
      );
    const drainedBeforeExit = postedNames().size;
    const exitMs = Date.now() - signalledAt;

    const accepted = bodies.flatMap((_b, i) => (statuses[i] === 200 ? [`term-${i}-c${i % 10}`] : []));
    const refused = statuses.filter((s) => s === 503).length;
    const second = await startBot(env);
    try {
      await waitFor(
        () => postedNames().size >= accepted.length,
        "every accepted alarm to be posted after restart",
        20_000,
      );
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      const stopped = new Promise((resolve) => second.child.once("exit", resolve));
      second.child.kill("SIGTERM");
      await stopped;
    }
    const posts = slack.callsTo("chat.postMessage").filter((c) => c.ok && c.args.thread_ts === undefined);
    const perAlarm = new Map<string, number>();
    for (const p of posts) {
      const name = /term-\d+-c\d/.exec(String(p.args.text))?.[0];
      if (name !== undefined) perAlarm.set(name, (perAlarm.get(name) ?? 0) + 1);
    }
    const lost = accepted.filter((a) => !perAlarm.has(a)).length;
    const duplicated = [...perAlarm.values()].filter((n) => n > 1).length;
    const phantom = [...perAlarm.keys()].filter((k) => !accepted.includes(k)).length;
    console.log(
      `reliability: SIGTERM under load: burst ${BURST}, accepted ${accepted.length}, 503 after signal ${refused}, ` +
        `exit code ${code} after ${exitMs} ms, posted before exit ${drainedBeforeExit}, lost ${lost}, duplicated ${duplicated}, posted without a 200 ${phantom}`,
    );
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(25_000);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused + (afterSignal.status === 503 ? 1 : 0)).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 503 || s === -1)).toBe(true);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(phantom).toBe(0);
  }, 60_000);
});
