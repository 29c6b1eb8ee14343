import { type Message, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { err, ok, type Result } from "../../shared/result.js";
import { describeSqsReceiveError, type SqsIngestError } from "../errors.js";
import { createSqsMessagePolicy, type SqsMessagePolicyDeps } from "./sqs-message-policy.js";

export interface SqsPollerDeps extends SqsMessagePolicyDeps {
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SqsPollerOptions {
  readonly waitTimeSeconds?: number;
  readonly maxMessages?: number;
  readonly visibilityTimeoutSeconds?: number;
  readonly maxReceives?: number;
  readonly concurrency?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
}

/** Counters for metrics and tests. */
export interface SqsPollerStats {
  received: number;
  /** Handler answered 2xx and the message was deleted. */
  handled: number;
  poisoned: number;
  /** Left on the queue because klaxon's setup refused it (see `SqsHandleAnswer.hold`); never deleted. */
  held: number;
  /** Left on the queue for redelivery (5xx or a thrown error below `maxReceives`). */
  retried: number;
  receiveErrors: number;
  visibilityExtensions: number;
}

export interface SqsPoller {
  /** Starts the long-polling loop (no-op when running). */
  start(): void;
  /** Stops polling (aborting a long poll) and waits for messages being handled to finish. */
  stop(): Promise<void>;
  /** One receive and the handling of what it returned; resolves to the number of messages; throws SqsIngestError. */
  pollOnce(): Promise<number>;
  stats(): Readonly<SqsPollerStats>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the SQS alarm-queue consumer: a long-polling loop that receives no more messages than it has free
 * handler slots (`concurrency`) and hands each to the per-message policy of `createSqsMessagePolicy` (handle,
 * then delete, leave for redelivery, hold or poison). Receive failures back off exponentially (capped), and
 * permission or queue-URL failures are logged with the fix and retried after the longest backoff. `stop`
 * aborts a long poll at once and waits for the messages being handled.
 */
export function createSqsPoller(deps: SqsPollerDeps, options: SqsPollerOptions = {}): SqsPoller {
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const maxMessages = Math.min(10, Math.max(1, options.maxMessages ?? 10));
  const visibility = options.visibilityTimeoutSeconds ?? 60;
  const maxReceives = options.maxReceives ?? 5;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const backoffBaseMs = options.backoffBaseMs ?? 500;
  const backoffMaxMs = options.backoffMaxMs ?? 30_000;
  const sleep = deps.sleep ?? defaultSleep;
  const { logger, queueUrl } = deps;
  const settle = createSqsMessagePolicy(deps, { visibilityTimeoutSeconds: visibility, maxReceives });
  const stats: SqsPollerStats = {
    received: 0,
    handled: 0,
    poisoned: 0,
    held: 0,
    retried: 0,
    receiveErrors: 0,
    visibilityExtensions: 0,
  };
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let abort: AbortController | undefined;
  let wake: () => void = () => {};
  let stopped: Promise<void> = Promise.resolve();
  let signalStop: () => void = () => {};

  const receive = async (max: number): Promise<Result<Message[], SqsIngestError>> => {
    abort = new AbortController();
    try {
      const out = await deps.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitTimeSeconds,
          VisibilityTimeout: visibility,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
        { abortSignal: abort.signal },
      );
      const messages = out.Messages ?? [];
      stats.received += messages.length;
      return ok(messages);
    } catch (error) {
      stats.receiveErrors += 1;
      return err(describeSqsReceiveError(error, queueUrl));
    }
  };

  const handleMessage = async (message: Message): Promise<void> => {
    const { result, visibilityExtensions } = await settle(message);
    stats.visibilityExtensions += visibilityExtensions;
    if (result !== undefined) stats[result] += 1;
  };

  const track = (message: Message): Promise<void> => {
    const work = handleMessage(message).finally(() => {
      inFlight.delete(work);
      wake();
    });
    inFlight.add(work);
    return work;
  };

  const waitForSlot = async (): Promise<void> => {
    while (running && inFlight.size >= concurrency) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (running) {
      await waitForSlot();
      if (!running) break;
      const received = await receive(Math.min(maxMessages, concurrency - inFlight.size));
      if (!running) {
        // Anything a cancelled poll still returned is not started; SQS shows it again after its timeout.
        break;
      }
      if (!received.ok) {
        failures += 1;
        const e = received.error;
        const delay = e.transient
          ? Math.min(backoffMaxMs, backoffBaseMs * 2 ** (failures - 1))
          : backoffMaxMs;
        const log = { code: e.code, queueUrl, failures, retryInMs: delay };
        if (e.transient) logger.warn(log, e.message);
        else logger.error(log, e.message);
        await Promise.race([sleep(delay), stopped]);
        continue;
      }
      if (failures > 0) logger.info({ queueUrl, failures }, "SQS receive recovered");
      failures = 0;
      for (const message of received.value) track(message);
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      stopped = new Promise<void>((resolve) => {
        signalStop = resolve;
      });
      logger.info({ queueUrl, concurrency, visibility, maxReceives }, "polling the SQS alarm queue");
      loop = run();
    },
    async stop() {
      running = false;
      signalStop();
      wake();
      abort?.abort();
      await loop;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async pollOnce() {
      const received = await receive(maxMessages);
      if (!received.ok) throw received.error;
      const queue = [...received.value];
      const worker = async () => {
        for (let m = queue.shift(); m !== undefined; m = queue.shift()) await track(m);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      return received.value.length;
    },
    stats: () => ({ ...stats }),
  };
}
