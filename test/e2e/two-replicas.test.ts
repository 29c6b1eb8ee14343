import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBClient, UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { prepareForStart } from "../../src/config/prepare-config.js";
import { type KlaxonOverrides, type RunningKlaxon, startKlaxon } from "../../src/main.js";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../src/playground/slack-emulator/slack-emulator.js";
import { silentLogger } from "../../src/shared/logger.js";
import { ensureDynamoDbTable } from "../../src/store/dynamodb-store.js";
import { type DynaliteServer, startDynalite } from "../fakes/dynalite-server.js";
import { type FakeSnsServer, startFakeSnsServer } from "../fakes/fake-sns-server.js";
import { buildSignedNotification } from "../fakes/sns-signer.js";
import { latencyAlarm, SIGNING_SECRET, TOPIC_ARN, waitFor } from "../support/harness.js";

const TABLE = "klaxon-e2e";
// Short enough that a dead replica's claims and delivery leases expire within the test; long enough that a claim,
// renewed before each Slack call, outlasts that call on a loaded machine.
const LEASE_MS = 3_000;
const ALARMS = Array.from({ length: 10 }, (_, i) => `scale-out-${i}`);
// One channel per alarm: the outbox paces each channel, and one shared channel would make the test slow, not harder.
const CONFIG = `
slack:
  defaultChannel: "#alerts"
  postsPerSecondPerChannel: 10
  metricGraphs: false
sns:
  topicArns: ["${TOPIC_ARN}"]
routes:
${ALARMS.map((name) => `  - match: { alarmName: "${name}" }\n    channel: "#inc-${name}"`).join("\n")}
`;
const T0 = "2026-11-20T10:00:00.000Z";
const T1 = "2026-11-20T10:05:00.000Z";
const T2 = "2026-11-20T10:17:00.000Z";

/**
 * Makes a replica's DynamoDB client fail every call once it has claimed an outbox item after `armOnClaim()`:
 * the replica then dies between claiming work and sending it to Slack, the worst moment for the others.
 */
function killSwitch(client: DynamoDBClient) {
  let armed = false;
  let killed = false;
  const claimed: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (killed) throw new Error("replica killed");
      const result = await next(args);
      const input = args.input as UpdateItemCommandInput;
      if (
        armed &&
        context.commandName === "UpdateItemCommand" &&
        input.UpdateExpression?.includes("claimedBy")
      ) {
        claimed.push(input.Key?.sk?.S ?? "");
        killed = true;
      }
      return result;
    },
    { step: "initialize", name: "replicaKillSwitch" },
  );
  return {
    armOnClaim: () => {
      armed = true;
    },
    killed: () => killed,
    claimed: () => [...claimed],
    revive: () => {
      killed = false;
      armed = false;
    },
  };
}

interface Replica {
  readonly bot: RunningKlaxon;
  readonly kill: ReturnType<typeof killSwitch>;
  stopped: boolean;
}

let dynamo: DynaliteServer;
let slack: SlackEmulator;
let sns: FakeSnsServer;
let dir: string;
let replicas: Replica[] = [];

async function startReplica(overrides: KlaxonOverrides = {}): Promise<Replica> {
  const config = loadConfig(
    {
      PORT: "0",
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      KLAXON_CONFIG: join(dir, "klaxon.yaml"),
      KLAXON_STORE: "dynamodb",
      KLAXON_DYNAMODB_TABLE: TABLE,
      KLAXON_RUNBOOKS_DIR: join(dir, "runbooks"),
      KLAXON_LOG_LEVEL: "silent",
    },
    dir,
  );
  const client = dynamo.client();
  const kill = killSwitch(client);
  const bot = await startKlaxon(prepareForStart(config), {
    logger: silentLogger(),
    host: "127.0.0.1",
    regionProvider: async () => "us-east-1",
    fetchCert: async () => (await fetch(sns.certUrl)).text(),
    aws: {
      sns: { endpoint: sns.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } },
    },
    dynamodbClient: client,
    dynamodbLeaseMs: LEASE_MS,
    ...overrides,
  });
  const replica = { bot, kill, stopped: false };
  replicas.push(replica);
  return replica;
}

beforeEach(async () => {
  dynamo = await startDynalite();
  await ensureDynamoDbTable(dynamo.client(), TABLE);
  slack = await startSlackEmulator({ signingSecret: SIGNING_SECRET });
  sns = await startFakeSnsServer();
  dir = mkdtempSync(join(tmpdir(), "klaxon-replicas-"));
  writeFileSync(join(dir, "klaxon.yaml"), CONFIG);
});

afterEach(async () => {
  for (const r of replicas) if (!r.stopped) await r.bot.stop(2_000);
  replicas = [];
  await slack.close();
  await sns.close();
  await dynamo.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * At-least-once delivery as SNS does it: the same signed message to every live replica at once, each copy
 * retried on 5xx (a replica answers 503 while another holds the delivery lease). Returns each replica's final
 * status, 0 for a replica that died or was stopped.
 */
async function deliverToAll(alarm: object): Promise<number[]> {
  const body = JSON.stringify(buildSignedNotification({ topicArn: TOPIC_ARN, message: alarm }));
  return Promise.all(
    replicas.map(async (r) => {
      for (let attempt = 0; attempt < 100 && !r.stopped && !r.kill.killed(); attempt++) {
        const res = await fetch(`${r.bot.url}/sns`, {
          method: "POST",
          headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" },
          body,
        });
        await res.text();
        if (res.status < 500) return res.status;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return 0;
    }),
  );
}

/** Sends one state of every alarm, alarms in parallel; every delivery must be accepted by some live replica. */
async function sendAll(state: "ALARM" | "OK", time: string): Promise<void> {
  const statuses = await Promise.all(ALARMS.map((name) => deliverToAll(latencyAlarm(state, time, name))));
  for (const s of statuses) expect(s).toContain(200);
}

async function outboxDrained(bot: RunningKlaxon): Promise<void> {
  await waitFor(async () => (await bot.store.pendingOutboxCount()) === 0, "the outbox to drain", 25_000);
}

/** One root per episode showing OK, updated in place twice, one "Back to OK" reply, and no Slack call twice. */
function expectEpisodesResolvedOnce(): void {
  const roots = ALARMS.flatMap((name) => {
    const channel = slack.channels().find((c) => c.name === `inc-${name}`)?.id ?? "";
    const mine = slack.messages(channel);
    expect(mine.map((m) => m.text)).toEqual([expect.stringContaining(name)]);
    const root = mine[0];
    expect(JSON.stringify(root?.blocks)).toMatch(/OK|resolved/i);
    const replies = slack.thread(channel, root?.ts ?? "").filter((m) => m.ts !== root?.ts);
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining("Back to OK after 17 min")]);
    return mine;
  });
  const posts = slack.callsTo("chat.postMessage");
  const updates = slack.callsTo("chat.update");
  expect(posts.every((c) => c.ok) && updates.every((c) => c.ok)).toBe(true);
  expect(posts).toHaveLength(2 * ALARMS.length);
  expect(new Set(posts.map((c) => JSON.stringify(c.args))).size).toBe(posts.length);
  const updatesPerRoot = new Map<string, number>();
  for (const u of updates)
    updatesPerRoot.set(String(u.args.ts), (updatesPerRoot.get(String(u.args.ts)) ?? 0) + 1);
  expect(new Set(updatesPerRoot.keys())).toEqual(new Set(roots.map((r) => r.ts)));
  expect([...updatesPerRoot.values()].every((n) => n === 2)).toBe(true);
}

describe("two klaxon replicas on one DynamoDB table", () => {
  it("turns every delivery sent to both replicas into one root post, in-place updates and one OK reply", async () => {
    const a = await startReplica();
    await startReplica();

    await Promise.all(
      ALARMS.map(async (name) => {
        for (const [state, time] of [
          ["ALARM", T0],
          ["ALARM", T1],
          ["OK", T2],
        ] as const) {
          expect(await deliverToAll(latencyAlarm(state, time, name))).toEqual([200, 200]);
        }
      }),
    );
    await outboxDrained(a.bot);

    expectEpisodesResolvedOnce();
  }, 45_000);

  it("finishes the outbox after one replica dies holding claims, once those claims expire", async () => {
    const a = await startReplica();
    const b = await startReplica();
    await sendAll("ALARM", T0);
    await outboxDrained(b.bot);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(ALARMS.length);

    // Only A works the outbox while the repeats arrive, and A dies right after its first claim.
    await b.bot.outbox.stop();
    a.kill.armOnClaim();
    await sendAll("ALARM", T1);
    await waitFor(() => a.kill.killed(), "replica A to claim an item and die");
    await a.bot.outbox.stop();
    a.stopped = true;
    a.kill.revive();
    await a.bot.stop(0);
    expect(a.kill.claimed().length).toBeGreaterThan(0);
    expect(await b.bot.store.pendingOutboxCount()).toBeGreaterThanOrEqual(a.kill.claimed().length);

    b.bot.outbox.start();
    await sendAll("OK", T2);
    await outboxDrained(b.bot);

    expectEpisodesResolvedOnce();
  }, 45_000);

  it("posts each alarm once when Slack stores the first posts but answers them only after 15 s", async () => {
    // The client gives up after 1 s; the claim lease outlasts that, and is renewed before every Slack call.
    const slow = { slackTimeoutMs: 1_000, dynamodbLeaseMs: 3_000 };
    const a = await startReplica(slow);
    await startReplica(slow);
    slack.failNext("chat.postMessage", { answer: "late", delayMs: 15_000, count: ALARMS.length });

    await sendAll("ALARM", T0);
    await waitFor(
      async () => (await a.bot.store.pendingOutboxCount()) === 0,
      "the outbox to drain after the unanswered posts",
      30_000,
    );
    await sendAll("OK", T2);
    await outboxDrained(a.bot);

    for (const name of ALARMS) {
      const channel = slack.channels().find((c) => c.name === `inc-${name}`)?.id ?? "";
      const top = slack.messages(channel);
      expect(
        top.map((m) => m.text),
        `top-level messages of ${name}`,
      ).toEqual([expect.stringContaining(name)]);
      const replies = slack.thread(channel, top[0]?.ts ?? "").filter((m) => m.ts !== top[0]?.ts);
      expect(replies.map((r) => r.text)).toEqual([expect.stringContaining("Back to OK after 17 min")]);
    }
    expect(slack.callsTo("conversations.history").length).toBeGreaterThanOrEqual(ALARMS.length);
  }, 60_000);
});
