import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import { err, ok, type Result } from "../../shared/result.js";
import { describeSqsReceiveError, type SqsIngestError } from "../errors.js";
import { startVisibilityHeartbeat } from "./visibility-heartbeat.js";

/** What the handler said about one message; the same shape as the SNS route's `DeliveryAnswer`. */
export interface SqsHandleAnswer {
  readonly status: number;
  readonly outcome: string;
  readonly body: string;
  /**
   * Set when the failure needs an operator (allowlist, clock, policy, network), not a different message: the
   * message is never deleted by klaxon, whatever its receive count; SQS redelivers it and finally moves it to the
   * queue's dead-letter queue (its RedrivePolicy maxReceiveCount).
   */
  readonly hold?: { readonly code: string; readonly fix: string };
}

/** What became of one received message, reported for metrics. */
export interface SqsSettled {
  readonly messageId: string;
  readonly receiveCount: number;
  /** `handled`: 2xx, deleted; `held`: left for the operator's fix; `retried`: left for redelivery; `poisoned`: deleted. */
  readonly result: "handled" | "held" | "retried" | "poisoned";
  /** The handler's outcome (accepted, duplicate…), the hold code, or the poison reason. */
  readonly reason: string;
}

/** Facts about one SQS message the handler may use (the MessageId is the dedupe key of a raw body). */
export interface SqsMessageMeta {
  readonly messageId: string;
  readonly receiveCount: number;
}

/** A message klaxon gave up on and deleted; reported so an operator can act on it. */
export interface PoisonMessage {
  readonly messageId: string;
  readonly receiveCount: number;
  /** `rejected`: the handler said 4xx (can never succeed); `max_receives`: failed `maxReceives` times. */
  readonly reason: "rejected" | "max_receives";
  /** The handler's status, or 0 when it threw. */
  readonly status: number;
  readonly outcome: string;
  readonly detail: string;
  /** The message body, cut to 2,000 characters. */
  readonly body: string;
}

export interface SqsPollerDeps {
  readonly sqs: { send: SQSClient["send"] };
  readonly queueUrl: string;
  readonly handle: (body: string, meta: SqsMessageMeta) => Promise<SqsHandleAnswer>;
  readonly clock: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger: Logger;
  readonly onPoison?: (info: PoisonMessage) => void;
  /** Called once per handled message with what became of it. */
  readonly onSettled?: (info: SqsSettled) => void;
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

const BODY_LOG_CHARS = 2000;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the SQS alarm-queue consumer. A message is deleted only when the handler answered 2xx (stored) or a
 * definitive 4xx (poison: logged with its body, counted, passed to `onPoison`); on 5xx or a throw it stays and
 * SQS redelivers it after the visibility timeout, until `ApproximateReceiveCount` reaches `maxReceives`, when it
 * is reported as poison and deleted. An answer with `hold` (klaxon's own setup refused it) is never deleted: it
 * is logged with the fix and left to SQS's redelivery and the queue's dead-letter queue. Slow handling extends
 * the visibility timeout; receive failures back off exponentially (capped), and permission or queue-URL failures
 * are logged with the fix.
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

  const remove = async (receiptHandle: string, messageId: string): Promise<void> => {
    try {
      await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    } catch (error) {
      logger.warn(
        { err: error, messageId },
        `could not delete a handled message from ${queueUrl}; SQS will redeliver it and dedupe will drop it. ` +
          "Check sqs:DeleteMessage on the queue.",
      );
    }
  };

  const poison = (info: PoisonMessage): void => {
    stats.poisoned += 1;
    const text =
      info.reason === "rejected"
        ? `SQS message ${info.messageId} can never be handled (${info.status} ${info.outcome}: ${info.detail}); ` +
          "deleted so it is not retried forever. Its body is logged here."
        : `SQS message ${info.messageId} failed ${info.receiveCount} times (maxReceives ${maxReceives}, last: ` +
          `${info.status} ${info.outcome}: ${info.detail}); deleted. Give ${queueUrl} a dead-letter queue ` +
          `(RedrivePolicy with maxReceiveCount below ${maxReceives}) so SQS keeps such messages for redrive.`;
    logger.error({ ...info }, text);
    try {
      deps.onPoison?.(info);
    } catch (error) {
      logger.warn({ err: error }, "the onPoison callback threw");
    }
  };

  const settled = (info: SqsSettled): void => {
    try {
      deps.onSettled?.(info);
    } catch (error) {
      logger.warn({ err: error }, "the onSettled callback threw");
    }
  };

  const handleMessage = async (message: Message): Promise<void> => {
    const messageId = message.MessageId ?? "(no MessageId)";
    const receiptHandle = message.ReceiptHandle;
    if (receiptHandle === undefined) {
      logger.error(
        { messageId },
        "SQS returned a message without a ReceiptHandle; it cannot be deleted, skipped",
      );
      return;
    }
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? "1") || 1;
    const body = message.Body ?? "";
    const started = deps.clock().getTime();
    const heartbeat = startVisibilityHeartbeat(deps, { queueUrl, receiptHandle, messageId }, visibility);
    let answer: SqsHandleAnswer;
    try {
      answer = await deps.handle(body, { messageId, receiveCount });
    } catch (error) {
      logger.error(
        { err: error, messageId },
        "the SQS message handler threw; the message stays for redelivery",
      );
      answer = { status: 0, outcome: "error", body: error instanceof Error ? error.message : String(error) };
    } finally {
      await heartbeat.stop();
      stats.visibilityExtensions += heartbeat.extensions();
    }
    const ms = deps.clock().getTime() - started;
    const base = { messageId, receiveCount, status: answer.status, outcome: answer.outcome };
    const report = (reason: PoisonMessage["reason"]) =>
      poison({ ...base, reason, detail: answer.body, body: body.slice(0, BODY_LOG_CHARS) });
    if (answer.status >= 200 && answer.status < 300) {
      stats.handled += 1;
      logger.debug({ ...base, ms }, "SQS message handled");
      settled({ messageId, receiveCount, result: "handled", reason: answer.outcome });
    } else if (answer.hold !== undefined) {
      stats.held += 1;
      logger.error(
        { ...base, code: answer.hold.code, detail: answer.body, ms },
        `SQS message ${messageId} refused by klaxon's setup (${answer.hold.code}), not deleted: ${answer.body}. ` +
          `SQS shows it again after ${visibility}s and, after the maxReceiveCount of ${queueUrl}'s ` +
          `RedrivePolicy, moves it to the dead-letter queue; redrive it from there once fixed. To fix: ${answer.hold.fix}.`,
      );
      settled({ messageId, receiveCount, result: "held", reason: answer.hold.code });
      return;
    } else if (answer.status >= 400 && answer.status < 500) {
      report("rejected");
      settled({ messageId, receiveCount, result: "poisoned", reason: "rejected" });
    } else if (receiveCount >= maxReceives) {
      report("max_receives");
      settled({ messageId, receiveCount, result: "poisoned", reason: "max_receives" });
    } else {
      stats.retried += 1;
      logger.warn(
        { ...base, detail: answer.body, ms },
        `SQS message not handled; left on the queue for redelivery after ${visibility}s`,
      );
      settled({ messageId, receiveCount, result: "retried", reason: answer.outcome });
      return;
    }
    await remove(receiptHandle, messageId);
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
