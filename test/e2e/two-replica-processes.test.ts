import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../src/playground/slack-emulator/slack-emulator.js";
import { ensureDynamoDbTable } from "../../src/store/dynamodb-store.js";
import { type DynaliteServer, startDynalite } from "../fakes/dynalite-server.js";
import {
  FAKE_SNS_CERT_URL_PATTERN,
  type FakeSnsServer,
  startFakeSnsServer,
} from "../fakes/fake-sns-server.js";
import { type KlaxonProcess, spawnKlaxon } from "../fakes/klaxon-process.js";
import { buildSignedNotification } from "../fakes/sns-signer.js";
import { latencyAlarm, SIGNING_SECRET, TOPIC_ARN, waitFor } from "../support/harness.js";

const TABLE = "klaxon-e2e-processes";
const ALARMS = Array.from({ length: 8 }, (_, i) => `proc-scale-out-${i}`);
// One channel per alarm: the outbox paces each channel, and one shared channel would make the test slow, not harder.
const CONFIG = `
slack:
  defaultChannel: "#alerts"
  postsPerSecondPerChannel: 10
  metricGraphs: false
sns:
  topicArns: ["${TOPIC_ARN}"]
incidents:
  storm: { maxNewEpisodesPerMinute: 200 }
routes:
${ALARMS.map((name) => `  - match: { alarmName: "${name}" }\n    channel: "#inc-${name}"`).join("\n")}
`;
const T0 = "2026-11-20T10:00:00.000Z";
const T2 = "2026-11-20T10:17:00.000Z";

let dynamo: DynaliteServer;
let slack: SlackEmulator;
let sns: FakeSnsServer;
let dir: string;
const bots: KlaxonProcess[] = [];

/** Starts klaxon as its own process against the proxied table (registered for cleanup first) and waits for /readyz. */
async function startBot(env: Record<string, string>): Promise<KlaxonProcess> {
  const bot = await spawnKlaxon(env);
  bots.push(bot);
  await bot.ready(15_000);
  return bot;
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await ensureDynamoDbTable(dynamo.client(), TABLE);
  slack = await startSlackEmulator({ signingSecret: SIGNING_SECRET });
  sns = await startFakeSnsServer();
  dir = mkdtempSync(join(tmpdir(), "klaxon-replica-processes-"));
  writeFileSync(join(dir, "klaxon.yaml"), CONFIG);
});

afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await slack?.close();
  await sns?.close();
  await dynamo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * At-least-once delivery as SNS does it: the same signed message to both processes at once, each copy retried
 * on any non-200 answer (a replica answers 503 while the other holds the delivery lease). Returns the final
 * status each process gave.
 */
async function deliverToBoth(alarm: object): Promise<number[]> {
  const body = JSON.stringify(
    buildSignedNotification({ topicArn: TOPIC_ARN, message: alarm, certUrl: sns.certUrl }),
  );
  return Promise.all(
    bots.map(async (bot) => {
      let status = 0;
      for (let attempt = 0; attempt < 100; attempt++) {
        const res = await fetch(`${bot.url}/sns`, {
          method: "POST",
          headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" },
          body,
        });
        await res.text();
        status = res.status;
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return status;
    }),
  );
}

function rootFor(name: string) {
  const channel = slack.channels().find((c) => c.name === `inc-${name}`)?.id ?? "";
  const roots = slack.messages(channel);
  const root = roots[0];
  const replies = slack.thread(channel, root?.ts ?? "").filter((m) => m.ts !== root?.ts);
  return { roots, root, replies };
}

function everyEpisodeResolved(): boolean {
  return ALARMS.every((name) => {
    const { root, replies } = rootFor(name);
    return (
      /OK|resolved/i.test(JSON.stringify(root?.blocks)) && replies.some((r) => /Back to OK/.test(r.text))
    );
  });
}

describe("two klaxon processes on one DynamoDB table", () => {
  it("turns every SNS delivery sent to both processes into one root post and one OK reply per episode", async () => {
    const proxy = await dynamo.proxy();
    const env = {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      KLAXON_CONFIG: join(dir, "klaxon.yaml"),
      KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
      KLAXON_STORE: "dynamodb",
      KLAXON_DYNAMODB_TABLE: TABLE,
      KLAXON_SNS_CERT_URL_PATTERN: FAKE_SNS_CERT_URL_PATTERN,
      KLAXON_LOG_LEVEL: "error",
      AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      // Keep the developer's ~/.aws profile out of the children.
      AWS_CONFIG_FILE: join(dir, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-aws-credentials"),
    };
    await Promise.all([startBot(env), startBot(env)]);

    const statuses = await Promise.all(
      ALARMS.map(async (name) => [
        await deliverToBoth(latencyAlarm("ALARM", T0, name)),
        await deliverToBoth(latencyAlarm("OK", T2, name)),
      ]),
    );
    await waitFor(everyEpisodeResolved, "every episode to be posted and resolved", 12_000);
    // Room for a late duplicate from the other process to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(statuses.flat()).toEqual(
      ALARMS.flatMap(() => [
        [200, 200],
        [200, 200],
      ]),
    );
    for (const name of ALARMS) {
      const { roots, replies } = rootFor(name);
      expect(roots.map((m) => m.text)).toEqual([expect.stringContaining(name)]);
      expect(replies.map((r) => r.text)).toEqual([expect.stringContaining("Back to OK after 17 min")]);
    }
    const posts = slack.callsTo("chat.postMessage");
    const updates = slack.callsTo("chat.update");
    expect(posts.every((c) => c.ok) && updates.every((c) => c.ok)).toBe(true);
    expect(posts).toHaveLength(2 * ALARMS.length);
    expect(new Set(posts.map((c) => JSON.stringify(c.args))).size).toBe(posts.length);
    expect(new Set(updates.map((c) => JSON.stringify(c.args))).size).toBe(updates.length);
    // Both processes' state changes went through the emulated transactions, not around them.
    expect(proxy.operations().TransactWriteItems ?? 0).toBeGreaterThanOrEqual(ALARMS.length * 2);
  }, 25_000);
});
