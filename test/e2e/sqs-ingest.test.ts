import { readFileSync } from "node:fs";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestAlarm } from "../../src/incidents/ingest-alarm.js";
import type { SnsDeliveryDeps } from "../../src/ingest/sns/handle-sns-delivery.js";
import { createSnsVerifier } from "../../src/ingest/sns/verify-sns-message.js";
import { createSqsHandler, SQS_MAX_MESSAGE_AGE_SECONDS } from "../../src/ingest/sqs/sqs-handler.js";
import type { PoisonMessage, SqsHandleAnswer, SqsSettled } from "../../src/ingest/sqs/sqs-message-policy.js";
import { createSqsPoller, type SqsPoller } from "../../src/ingest/sqs/sqs-poller.js";
import { type Clock, systemClock } from "../../src/shared/clock.js";
import { silentLogger } from "../../src/shared/logger.js";
import { ok } from "../../src/shared/result.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { type FakeSqsServer, startFakeSqsServer } from "../fakes/fake-sqs-server.js";
import { buildSignedNotification, TEST_SIGNING_CERT_PEM } from "../fakes/sns-signer.js";
import { startHarness, TOPIC_ARN } from "../support/harness.js";
import { fakeSqsClient, waitUntil } from "../unit/ingest/sqs/sqs-test-kit.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/alarms/${name}`, import.meta.url), "utf8");
const SEOUL = JSON.parse(
  fixture("cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json"),
) as { TopicArn: string; Message: string };
const EVENT_BODY = fixture("eventbridge-cw-alarm-state-change-single-metric-awsdocs.json");

let fake: FakeSqsServer;
let client: SQSClient;
let store: Store;
let poller: SqsPoller | undefined;

beforeEach(async () => {
  // The queue's RedrivePolicy: after 3 receives SQS moves a message to its dead-letter queue.
  fake = await startFakeSqsServer({ maxWaitMs: 50, maxReceiveCount: 3 });
  client = fakeSqsClient(fake.url);
  store = openSqliteStore(":memory:");
});
afterEach(async () => {
  await poller?.stop();
  poller = undefined;
  client.destroy();
  await fake.close();
  await store.close();
});

/** The real chain the lead wires: poller → createSqsHandler → SNS verification / ingestMessage → ingestAlarm → SQLite. */
function startPipeline(clock: Clock = systemClock) {
  const logger = silentLogger();
  const verifier = createSnsVerifier(
    { fetchCert: async () => TEST_SIGNING_CERT_PEM, clock },
    { topicArns: [SEOUL.TopicArn], allowAnyTopic: false, maxAgeSeconds: SQS_MAX_MESSAGE_AGE_SECONDS },
  );
  const deliveryDeps: SnsDeliveryDeps = {
    verify: (m) => verifier.verify(m),
    confirm: async () => ok("unused"),
    ingest: (input) =>
      ingestAlarm(
        {
          store,
          routes: [],
          runbooks: [],
          defaultChannel: "#alerts",
          logger,
          runbookUrl: () => undefined,
          onEnqueued: () => {},
        },
        input,
      ),
    clock,
    logger,
  };
  const handler = createSqsHandler(deliveryDeps);
  const answers: SqsHandleAnswer[] = [];
  const poisoned: PoisonMessage[] = [];
  const settled: SqsSettled[] = [];
  poller = createSqsPoller(
    {
      sqs: client,
      queueUrl: fake.queueUrl,
      handle: async (body, meta) => {
        const answer = await handler(body, meta);
        answers.push(answer);
        return answer;
      },
      clock: systemClock,
      logger,
      onPoison: (info) => poisoned.push(info),
      onSettled: (info) => settled.push(info),
    },
    { waitTimeSeconds: 1, concurrency: 1 },
  );
  poller.start();
  return { answers, poisoned, settled };
}

async function sendTwice(body: string): Promise<void> {
  for (let i = 0; i < 2; i++)
    await client.send(new SendMessageCommand({ QueueUrl: fake.queueUrl, MessageBody: body }));
}

/** Open episodes behind pending outbox rows (the outbox hands out one row per episode). */
async function storedEpisodes() {
  const due = await store.dueOutbox(new Date(), 100);
  const episodes = await Promise.all(due.map((item) => store.getEpisode(item.effect.episodeId)));
  return { due, episodes };
}

describe("SQS ingestion end to end (fake SQS → poller → verify/parse → ingestAlarm → SQLite)", () => {
  it("stores an SNS-wrapped, signed alarm once with its Slack effects, although SNS delivered it twice", async () => {
    const { answers } = startPipeline();
    const envelope = buildSignedNotification({
      topicArn: SEOUL.TopicArn,
      message: SEOUL.Message,
      messageId: "sns-1",
    });

    await sendTwice(JSON.stringify(envelope));
    await waitUntil(
      () => fake.deleted().length === 2,
      () => `both copies to be deleted; answers so far ${JSON.stringify(answers)}`,
    );

    const { due, episodes } = await storedEpisodes();
    expect(answers.map((a) => a.outcome)).toEqual(["accepted", "duplicate"]);
    expect(due.map((d) => d.effect.kind)).toEqual(["post_root"]);
    expect(episodes.map((e) => e?.alarm.name)).toEqual(["EC2-CPU"]);
    expect(fake.inFlight()).toEqual([]);
  });

  it("stores a raw EventBridge alarm event once, deduplicated by the event id across two SQS copies", async () => {
    const { answers } = startPipeline();

    await sendTwice(EVENT_BODY);
    await waitUntil(
      () => fake.deleted().length === 2,
      () => `both copies to be deleted; answers so far ${JSON.stringify(answers)}`,
    );

    const { due, episodes } = await storedEpisodes();
    expect(answers.map((a) => a.outcome)).toEqual(["accepted", "duplicate"]);
    expect(due).toHaveLength(1);
    expect(episodes.map((e) => e?.alarm.name)).toEqual(["ServerCpuTooHigh"]);
  });

  it("stores a raw CloudWatch alarm body (raw message delivery on) once across two SQS copies", async () => {
    const { answers } = startPipeline();

    await sendTwice(SEOUL.Message);
    await waitUntil(
      () => fake.deleted().length === 2,
      () => `both copies to be deleted; answers so far ${JSON.stringify(answers)}`,
    );

    const { episodes } = await storedEpisodes();
    expect(answers.map((a) => a.outcome)).toEqual(["accepted", "duplicate"]);
    expect(episodes.map((e) => e?.alarm.name)).toEqual(["EC2-CPU"]);
  });

  it("reports a tampered SNS-wrapped body as poison, deletes it and stores nothing", async () => {
    const { poisoned } = startPipeline();
    const envelope = buildSignedNotification({ topicArn: SEOUL.TopicArn, message: SEOUL.Message });
    const tampered = { ...envelope, Message: SEOUL.Message.replace("EC2-CPU", "EC2-CPX") };

    await client.send(
      new SendMessageCommand({ QueueUrl: fake.queueUrl, MessageBody: JSON.stringify(tampered) }),
    );
    await waitUntil(() => fake.deleted().length === 1, "the forged message to be deleted");

    expect(poisoned).toEqual([expect.objectContaining({ reason: "rejected", status: 403 })]);
    expect(await store.pendingOutboxCount()).toBe(0);
  });
});

/** Lets SQS redeliver held messages until the queue's redrive moves them all to its dead-letter queue. */
async function redeliverUntilDeadLettered(count: number, answers: readonly SqsHandleAnswer[]): Promise<void> {
  for (let receive = 1; receive <= 3; receive++) {
    await waitUntil(
      () => answers.length >= receive * count,
      () => `receive ${receive}; answers so far ${JSON.stringify(answers)}`,
    );
    fake.expireVisibility();
  }
  await waitUntil(() => fake.deadLetters().length === count, "the held messages to reach the DLQ");
}

describe("SQS ingestion keeps what klaxon's own setup refused", () => {
  it("leaves a signed alarm from a topic missing from sns.topicArns on the queue until the DLQ takes it", async () => {
    const { answers, poisoned, settled } = startPipeline();
    const other = "arn:aws:sns:ap-northeast-2:123456789012:not-in-the-allowlist";
    const envelope = buildSignedNotification({ topicArn: other, message: SEOUL.Message, messageId: "sns-x" });

    await client.send(
      new SendMessageCommand({ QueueUrl: fake.queueUrl, MessageBody: JSON.stringify(envelope) }),
    );
    await redeliverUntilDeadLettered(1, answers);

    expect(fake.deleted()).toEqual([]);
    expect(fake.deadLetters().map((m) => m.receiveCount)).toEqual([3]);
    expect(poisoned).toEqual([]);
    expect(answers.map((a) => a.outcome)).toEqual(["held", "held", "held"]);
    expect(answers[0]?.body).toContain("sns.topicArns");
    expect(settled.map((s) => `${s.result}:${s.reason}`)).toEqual(
      Array(3).fill("held:sns_topic_not_allowed"),
    );
  });

  it("keeps an alarm refused by a clock 5½ minutes slow, and stores it on redelivery once the clock is right", async () => {
    let skewMs = -330_000;
    const { answers, poisoned } = startPipeline(() => new Date(Date.now() + skewMs));
    const envelope = buildSignedNotification({ topicArn: SEOUL.TopicArn, message: SEOUL.Message });

    await client.send(
      new SendMessageCommand({ QueueUrl: fake.queueUrl, MessageBody: JSON.stringify(envelope) }),
    );
    await waitUntil(() => answers.length === 1, "the first receive");
    const held = { answer: answers[0], deleted: fake.deleted().length, inFlight: fake.inFlight().length };
    skewMs = 0;
    fake.expireVisibility();
    await waitUntil(
      () => fake.deleted().length === 1,
      () => `the redelivery; answers ${JSON.stringify(answers)}`,
    );

    expect(held).toMatchObject({ deleted: 0, inFlight: 1, answer: { status: 503, outcome: "held" } });
    expect(held.answer?.body).toContain("clock");
    expect(answers.map((a) => a.outcome)).toEqual(["held", "accepted"]);
    expect(poisoned).toEqual([]);
    expect(await store.pendingOutboxCount()).toBe(1);
  });

  it("still deletes structurally malformed bodies at once as poison", async () => {
    const { poisoned, settled } = startPipeline();
    const { Signature: _dropped, ...unsigned } = buildSignedNotification({
      topicArn: SEOUL.TopicArn,
      message: SEOUL.Message,
    });

    for (const body of [JSON.stringify(unsigned), "not json at all"]) {
      await client.send(new SendMessageCommand({ QueueUrl: fake.queueUrl, MessageBody: body }));
    }
    await waitUntil(() => fake.deleted().length === 2, "both malformed messages to be deleted");

    expect(poisoned.map((p) => [p.reason, p.status])).toEqual([
      ["rejected", 400],
      ["rejected", 422],
    ]);
    expect(settled.map((s) => s.result)).toEqual(["poisoned", "poisoned"]);
    expect(fake.deadLetters()).toEqual([]);
  });
});

describe("SQS metrics in the running bot", () => {
  it("counts SQS messages and poison in their own metrics, not under klaxon_sns_deliveries_total", async () => {
    const h = await startHarness({
      env: { KLAXON_SQS_QUEUE_URL: fake.queueUrl },
      overrides: {
        aws: {
          sqs: {
            endpoint: fake.url,
            credentials: { accessKeyId: "AKIDFAKEFAKEFAKEFAKE", secretAccessKey: "fake-secret" },
          },
        },
      },
    });
    try {
      const alarm = JSON.parse(SEOUL.Message) as object;
      const good = buildSignedNotification({ topicArn: TOPIC_ARN, message: alarm });
      const foreign = buildSignedNotification({ topicArn: `${TOPIC_ARN}-other`, message: alarm });
      for (const body of [JSON.stringify(good), JSON.stringify(foreign), "{ not json"]) {
        fake.enqueue(body);
      }
      const sqsLines = async () =>
        (await h.bot.metrics.registry.metrics()).split("\n").filter((l) => /^klaxon_(sqs|sns)_/.test(l));
      let lines: string[] = [];
      for (
        let tries = 0;
        tries < 300 && lines.filter((l) => l.startsWith("klaxon_sqs_messages")).length < 3;
        tries++
      ) {
        await new Promise((r) => setTimeout(r, 10));
        lines = await sqsLines();
      }

      expect(lines).toEqual(
        expect.arrayContaining([
          'klaxon_sqs_messages_total{result="handled",reason="accepted"} 1',
          'klaxon_sqs_messages_total{result="held",reason="sns_topic_not_allowed"} 1',
          'klaxon_sqs_messages_total{result="poisoned",reason="rejected"} 1',
          'klaxon_sqs_poison_total{reason="rejected"} 1',
        ]),
      );
      expect(lines.filter((l) => l.startsWith("klaxon_sns_deliveries_total"))).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
