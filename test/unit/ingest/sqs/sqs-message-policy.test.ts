import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqsMessagePolicy, type SqsSettled } from "../../../../src/ingest/sqs/sqs-message-policy.js";
import { systemClock } from "../../../../src/shared/clock.js";
import {
  capturingLogger,
  type PollerFixture,
  STORED,
  startPollerFixture,
  UNAVAILABLE,
} from "./sqs-test-kit.js";

let f: PollerFixture;
// A fresh queue per test, so nothing one test leaves in flight reaches another.
beforeEach(async () => {
  f = await startPollerFixture();
});
afterEach(async () => {
  await f.close();
});

describe("createSqsMessagePolicy through the poller: handling, deleting and poison", () => {
  it("deletes a message once the handler stored it, passing body, MessageId and receive count", async () => {
    const seen: { body: string; messageId: string; receiveCount: number }[] = [];
    const id = f.fake.enqueue('{"AlarmName":"a"}');
    const { poller } = f.setup(async (body, meta) => {
      seen.push({ body, ...meta });
      return STORED;
    });

    const count = await poller.pollOnce();

    expect(count).toBe(1);
    expect(seen).toEqual([{ body: '{"AlarmName":"a"}', messageId: id, receiveCount: 1 }]);
    expect(f.fake.deleted().map((m) => m.messageId)).toContain(id);
    expect(f.fake.inFlight()).toEqual([]);
    expect(poller.stats()).toMatchObject({ received: 1, handled: 1, poisoned: 0, visibilityExtensions: 0 });
  });

  it("leaves a message the handler could not store (5xx) and handles it again when SQS redelivers it", async () => {
    const id = f.fake.enqueue("retry-me");
    const answers = [UNAVAILABLE, STORED];
    const counts: number[] = [];
    const { poller, poisoned } = f.setup(async (_body, meta) => {
      counts.push(meta.receiveCount);
      return answers.shift() ?? STORED;
    });

    await poller.pollOnce();
    const afterFirst = {
      deleted: f.fake.deleted().some((m) => m.messageId === id),
      inFlight: f.fake.inFlight(),
    };
    f.fake.expireVisibility();
    await poller.pollOnce();

    expect(afterFirst.deleted).toBe(false);
    expect(afterFirst.inFlight.map((m) => m.messageId)).toEqual([id]);
    expect(counts).toEqual([1, 2]);
    expect(f.fake.deleted().some((m) => m.messageId === id)).toBe(true);
    expect(poisoned).toEqual([]);
    expect(poller.stats()).toMatchObject({ retried: 1, handled: 1 });
  });

  it("treats a handler that throws like a 5xx: the message stays for redelivery", async () => {
    const id = f.fake.enqueue("throws");
    const { poller } = f.setup(async () => {
      throw new Error("boom");
    });

    await poller.pollOnce();

    expect(f.fake.inFlight().map((m) => m.messageId)).toEqual([id]);
    expect(f.fake.deleted().some((m) => m.messageId === id)).toBe(false);
    expect(poller.stats()).toMatchObject({ retried: 1, handled: 0, poisoned: 0 });
  });

  it("reports and deletes a message that failed maxReceives times, telling the operator to add a DLQ", async () => {
    const id = f.fake.enqueue("always-fails");
    const { poller, poisoned, lines } = f.setup(async () => UNAVAILABLE, { maxReceives: 3 });

    for (let i = 0; i < 3; i++) {
      await poller.pollOnce();
      f.fake.expireVisibility();
    }

    expect(poisoned).toEqual([
      expect.objectContaining({
        messageId: id,
        reason: "max_receives",
        receiveCount: 3,
        status: 503,
        body: "always-fails",
      }),
    ]);
    expect(f.fake.deleted().some((m) => m.messageId === id)).toBe(true);
    expect(poller.stats()).toMatchObject({ poisoned: 1, retried: 2 });
    const log = lines.find((l) => l.reason === "max_receives");
    expect(String(log?.msg)).toMatch(/dead-letter queue \(RedrivePolicy with maxReceiveCount below 3\)/);
    expect(log?.level).toBe(50);
  });

  it("never deletes a message the handler holds for an operator fix, past maxReceives, and logs the fix", async () => {
    const id = f.fake.enqueue("from-a-topic-not-allowed");
    const held = {
      status: 503,
      outcome: "held",
      body: "topic not in sns.topicArns",
      hold: { code: "sns_topic_not_allowed", fix: "add the topic ARN to sns.topicArns" },
    };
    const { poller, poisoned, lines } = f.setup(async () => held, { maxReceives: 2 });

    for (let i = 0; i < 4; i++) {
      await poller.pollOnce();
      f.fake.expireVisibility();
    }

    expect(f.fake.deleted()).toEqual([]);
    expect(f.fake.visible().map((m) => [m.messageId, m.receiveCount])).toEqual([[id, 4]]);
    expect(poisoned).toEqual([]);
    expect(poller.stats()).toMatchObject({ held: 4, poisoned: 0, retried: 0 });
    const log = lines.find((l) => l.code === "sns_topic_not_allowed");
    expect(String(log?.msg)).toContain("To fix: add the topic ARN to sns.topicArns");
    expect(String(log?.msg)).toContain("dead-letter queue");
  });

  it("reports a definitive 4xx as poison with its (truncated) body and deletes it at once", async () => {
    const body = `{"junk":"${"x".repeat(5000)}"}`;
    const id = f.fake.enqueue(body);
    const { poller, poisoned, lines } = f.setup(async () => ({
      status: 403,
      outcome: "rejected",
      body: "bad signature",
    }));

    await poller.pollOnce();

    expect(poisoned).toHaveLength(1);
    expect(poisoned[0]).toMatchObject({
      messageId: id,
      reason: "rejected",
      status: 403,
      detail: "bad signature",
    });
    expect(poisoned[0]?.body).toBe(body.slice(0, 2000));
    expect(f.fake.deleted().some((m) => m.messageId === id)).toBe(true);
    expect(lines.some((l) => l.reason === "rejected" && String(l.msg).includes("bad signature"))).toBe(true);
  });

  it("extends the visibility timeout while a slow handler runs, so the message is not redelivered meanwhile", async () => {
    const id = f.fake.enqueue("slow");
    let visibleDuringWork: number | undefined;
    const { poller } = f.setup(
      async () => {
        await new Promise((r) => setTimeout(r, 1300));
        visibleDuringWork = f.fake.visible().filter((m) => m.messageId === id).length;
        return STORED;
      },
      { visibilityTimeoutSeconds: 1 },
    );

    await poller.pollOnce();

    const extensions = f
      .callsTo("ChangeMessageVisibility")
      .filter((c) => String(c.input.ReceiptHandle).includes(id));
    expect(visibleDuringWork).toBe(0);
    expect(extensions.length).toBeGreaterThanOrEqual(2);
    expect(extensions[0]?.input.VisibilityTimeout).toBe(1);
    expect(f.fake.deleted().some((m) => m.messageId === id)).toBe(true);
    expect(poller.stats().visibilityExtensions).toBe(extensions.length);
  });
});

describe("createSqsMessagePolicy on its own", () => {
  const policyOn = (fixture: PollerFixture, answer: typeof STORED) => {
    const { logger, lines } = capturingLogger();
    const settled: SqsSettled[] = [];
    const handled: string[] = [];
    const policy = createSqsMessagePolicy(
      {
        sqs: fixture.client,
        queueUrl: fixture.fake.queueUrl,
        handle: async (body) => {
          handled.push(body);
          return answer;
        },
        clock: systemClock,
        logger,
        onSettled: (info) => settled.push(info),
      },
      { visibilityTimeoutSeconds: 30, maxReceives: 5 },
    );
    return { policy, lines, settled, handled };
  };

  it("says what it did with a received message, for the poller's counters, and deletes a stored one", async () => {
    // Prepare
    const id = f.fake.enqueue("stored");
    const received = await f.client.send(
      new ReceiveMessageCommand({
        QueueUrl: f.fake.queueUrl,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      }),
    );
    const message = received.Messages?.[0];
    if (message === undefined) throw new Error("the fake queue returned no message");
    const { policy, settled } = policyOn(f, STORED);

    // Act
    const result = await policy(message);

    // Assess
    expect(result).toEqual({ result: "handled", visibilityExtensions: 0 });
    expect(settled).toEqual([{ messageId: id, receiveCount: 1, result: "handled", reason: "accepted" }]);
    expect(f.fake.deleted().map((m) => m.messageId)).toEqual([id]);
  });

  it("skips a message without a ReceiptHandle: no handler call, no delete, an error line", async () => {
    // Prepare
    const { policy, lines, settled, handled } = policyOn(f, STORED);

    // Act
    const result = await policy({ MessageId: "m-1", Body: "orphan" });

    // Assess
    expect(result).toEqual({ result: undefined, visibilityExtensions: 0 });
    expect(handled).toEqual([]);
    expect(settled).toEqual([]);
    expect(f.callsTo("DeleteMessage")).toEqual([]);
    expect(lines.some((l) => l.level === 50 && String(l.msg).includes("without a ReceiptHandle"))).toBe(true);
  });
});
