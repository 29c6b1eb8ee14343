import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqsIngestError } from "../../../../src/ingest/errors.js";
import { createSqsPoller } from "../../../../src/ingest/sqs/sqs-poller.js";
import { systemClock } from "../../../../src/shared/clock.js";
import { startFakeSqsServer } from "../../../fakes/fake-sqs-server.js";
import {
  capturingLogger,
  deferred,
  fakeSqsClient,
  type PollerFixture,
  STORED,
  startPollerFixture,
  waitUntil,
} from "./sqs-test-kit.js";

let f: PollerFixture;
// A fresh queue per test, so nothing one test leaves in flight reaches another.
beforeEach(async () => {
  f = await startPollerFixture();
});
afterEach(async () => {
  await f.close();
});

describe("createSqsPoller: the polling loop, receive errors and shutdown", () => {
  it("backs off exponentially (capped) on receive errors and resumes when SQS recovers", async () => {
    const delays: number[] = [];
    f.fake.fail({ operation: "ReceiveMessage", name: "RequestThrottled", times: 5 });
    const id = f.fake.enqueue("after-throttle");
    const { poller, lines } = f.setup(
      async () => STORED,
      { backoffBaseMs: 100, backoffMaxMs: 1000 },
      {
        sleep: async (ms) => {
          delays.push(ms);
        },
      },
    );

    poller.start();
    await waitUntil(() => f.fake.deleted().some((m) => m.messageId === id), "the message to be handled");
    await poller.stop();

    expect(delays).toEqual([100, 200, 400, 800, 1000]);
    expect(lines.filter((l) => l.code === "sqs_throttled")).toHaveLength(5);
    expect(lines.some((l) => l.msg === "SQS receive recovered")).toBe(true);
  });

  it("names the queue and the IAM actions on AccessDenied, and waits the longest backoff before retrying", async () => {
    const delays: number[] = [];
    f.fake.fail({
      operation: "ReceiveMessage",
      name: "AccessDeniedException",
      queryCode: "AccessDenied",
      times: 1,
    });
    const { poller, lines } = f.setup(
      async () => STORED,
      { backoffBaseMs: 100, backoffMaxMs: 700 },
      {
        sleep: async (ms) => {
          delays.push(ms);
        },
      },
    );

    poller.start();
    await waitUntil(() => lines.some((l) => l.code === "sqs_access_denied"), "the access-denied log");
    await poller.stop();

    const log = lines.find((l) => l.code === "sqs_access_denied");
    expect(log?.level).toBe(50);
    expect(String(log?.msg)).toContain(f.fake.queueUrl);
    expect(String(log?.msg)).toContain(
      "sqs:ReceiveMessage, sqs:DeleteMessage and sqs:ChangeMessageVisibility",
    );
    expect(delays[0]).toBe(700);
  });

  it("rejects pollOnce with sqs_queue_not_found naming the URL when the queue does not exist", async () => {
    const wrongUrl = `${f.fake.url}/123456789012/no-such-queue`;
    const { poller } = f.setup(async () => STORED, {}, { queueUrl: wrongUrl });

    const error = await poller.pollOnce().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SqsIngestError);
    expect(error).toMatchObject({ code: "sqs_queue_not_found" });
    expect((error as Error).message).toContain(wrongUrl);
  });

  it("stop() stops polling and waits for the message being handled, which is then deleted", async () => {
    const gate = deferred();
    const id = f.fake.enqueue("in-flight-at-stop");
    let started = false;
    const { poller } = f.setup(async () => {
      started = true;
      await gate.promise;
      return STORED;
    });
    poller.start();
    await waitUntil(() => started, "the handler to start");

    let stopped = false;
    const stopping = poller.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    const stoppedBeforeRelease = stopped;
    gate.resolve();
    await stopping;
    const receivesAfterStop = f.callsTo("ReceiveMessage").length;
    await new Promise((r) => setTimeout(r, 150));

    expect(stoppedBeforeRelease).toBe(false);
    expect(f.fake.deleted().some((m) => m.messageId === id)).toBe(true);
    expect(f.callsTo("ReceiveMessage").length).toBe(receivesAfterStop);
  });

  it("stop() cancels a long poll promptly instead of waiting for it to end", async () => {
    const slowFake = await startFakeSqsServer({ maxWaitMs: 10_000 });
    const slowClient = fakeSqsClient(slowFake.url);
    const { logger } = capturingLogger();
    const poller = createSqsPoller(
      {
        sqs: slowClient,
        queueUrl: slowFake.queueUrl,
        handle: async () => STORED,
        clock: systemClock,
        logger,
      },
      { waitTimeSeconds: 20 },
    );
    poller.start();
    await waitUntil(() => slowFake.calls.length === 1, "the long poll to begin");

    const t0 = Date.now();
    await poller.stop();
    const took = Date.now() - t0;
    slowClient.destroy();
    await slowFake.close();

    expect(took).toBeLessThan(1000);
  });

  it("never runs more handlers at once than `concurrency`, and handles every message", async () => {
    const ids = Array.from({ length: 6 }, (_, i) => f.fake.enqueue(`c-${i}`));
    let running = 0;
    let peak = 0;
    const { poller } = f.setup(
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 30));
        running -= 1;
        return STORED;
      },
      { concurrency: 2 },
    );

    poller.start();
    await waitUntil(
      () => ids.every((id) => f.fake.deleted().some((m) => m.messageId === id)),
      "all six handled",
    );
    await poller.stop();

    expect(peak).toBe(2);
  });
});
