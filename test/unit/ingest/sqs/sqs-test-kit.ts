import { Writable } from "node:stream";
import { SQSClient } from "@aws-sdk/client-sqs";
import { pino } from "pino";
import type { PoisonMessage, SqsHandleAnswer } from "../../../../src/ingest/sqs/sqs-message-policy.js";
import {
  createSqsPoller,
  type SqsPoller,
  type SqsPollerDeps,
  type SqsPollerOptions,
} from "../../../../src/ingest/sqs/sqs-poller.js";
import { systemClock } from "../../../../src/shared/clock.js";
import type { Logger } from "../../../../src/shared/logger.js";
import { type FakeSqsCall, type FakeSqsServer, startFakeSqsServer } from "../../../fakes/fake-sqs-server.js";

/** A real SQS client pointed at a loopback fake, with dummy credentials and no SDK retries. */
export function fakeSqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDFAKEFAKEFAKEFAKE", secretAccessKey: "fake-secret" },
    maxAttempts: 1,
  });
}

/** A logger whose JSON lines are kept for assertions. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

/** Polls `check` until it holds, failing with `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean,
  what: string | (() => string),
  timeoutMs = 3_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A promise with its resolver, to hold a handler open. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A fresh fake queue, a real client on it, and a poller factory with captured logs and poison reports. */
export interface PollerFixture {
  readonly fake: FakeSqsServer;
  readonly client: SQSClient;
  setup(
    handle: SqsPollerDeps["handle"],
    options?: SqsPollerOptions,
    extra?: Partial<SqsPollerDeps>,
  ): { poller: SqsPoller; lines: Record<string, unknown>[]; poisoned: PoisonMessage[] };
  callsTo(operation: string): FakeSqsCall[];
  close(): Promise<void>;
}

/** Starts a {@link PollerFixture}; use one per test so nothing left in flight leaks between tests. */
export async function startPollerFixture(): Promise<PollerFixture> {
  const fake = await startFakeSqsServer({ maxWaitMs: 50 });
  const client = fakeSqsClient(fake.url);
  return {
    fake,
    client,
    setup(handle, options = {}, extra = {}) {
      const { logger, lines } = capturingLogger();
      const poisoned: PoisonMessage[] = [];
      const poller = createSqsPoller(
        {
          sqs: client,
          queueUrl: fake.queueUrl,
          handle,
          clock: systemClock,
          logger,
          onPoison: (info) => poisoned.push(info),
          ...extra,
        },
        { waitTimeSeconds: 1, ...options },
      );
      return { poller, lines, poisoned };
    },
    callsTo: (operation) => fake.calls.filter((c) => c.operation === operation),
    async close() {
      client.destroy();
      await fake.close();
    },
  };
}

/** Handler answers used across the poller tests. */
export const STORED: SqsHandleAnswer = { status: 200, outcome: "accepted", body: "stored" };
export const UNAVAILABLE: SqsHandleAnswer = { status: 503, outcome: "error", body: "store down" };
