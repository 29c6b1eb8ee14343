import { readFileSync } from "node:fs";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryAnswer, SnsDeliveryDeps } from "../../src/alarms/handle-sns-delivery.js";
import { ingestAlarm } from "../../src/alarms/ingest-alarm.js";
import { createSnsVerifier } from "../../src/alarms/verify-sns-message.js";
import { createSqsHandler, SQS_MAX_MESSAGE_AGE_SECONDS } from "../../src/ingest/sqs-handler.js";
import { createSqsPoller, type PoisonMessage, type SqsPoller } from "../../src/ingest/sqs-poller.js";
import { systemClock } from "../../src/shared/clock.js";
import { silentLogger } from "../../src/shared/logger.js";
import { ok } from "../../src/shared/result.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { type FakeSqsServer, startFakeSqsServer } from "../fakes/fake-sqs-server.js";
import { buildSignedNotification, TEST_SIGNING_CERT_PEM } from "../fakes/sns-signer.js";
import { fakeSqsClient, waitUntil } from "../unit/ingest/sqs-test-kit.js";

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
  fake = await startFakeSqsServer({ maxWaitMs: 50 });
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
function startPipeline() {
  const logger = silentLogger();
  const verifier = createSnsVerifier(
    { fetchCert: async () => TEST_SIGNING_CERT_PEM, clock: systemClock },
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
    clock: systemClock,
    logger,
  };
  const handler = createSqsHandler(deliveryDeps);
  const answers: DeliveryAnswer[] = [];
  const poisoned: PoisonMessage[] = [];
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
    },
    { waitTimeSeconds: 1, concurrency: 1 },
  );
  poller.start();
  return { answers, poisoned };
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
