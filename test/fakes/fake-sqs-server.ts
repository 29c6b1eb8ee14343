import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The SQS operations the fake speaks. */
export type FakeSqsOperation =
  | "ReceiveMessage"
  | "DeleteMessage"
  | "DeleteMessageBatch"
  | "ChangeMessageVisibility"
  | "SendMessage";

/** An AWS error to answer with, `times` times in a row, for one operation. */
export interface FakeSqsFailure {
  readonly operation: FakeSqsOperation;
  /** The JSON `__type` shape name, such as QueueDoesNotExist, AccessDeniedException, RequestThrottled. */
  readonly name: string;
  /** The legacy query error code SQS also sends (`x-amzn-query-error`), such as AWS.SimpleQueueService.NonExistentQueue. */
  readonly queryCode?: string;
  readonly message?: string;
  readonly httpStatus?: number;
  readonly times: number;
}

/** A message as the fake holds it. */
export interface FakeSqsMessage {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
}

/** One request the fake answered, as the SDK serialised it. */
export interface FakeSqsCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface FakeSqsServer {
  /** Endpoint for `new SQSClient({ endpoint })`. */
  readonly url: string;
  /** The one queue the fake serves; any other QueueUrl is answered with QueueDoesNotExist. */
  readonly queueUrl: string;
  readonly calls: FakeSqsCall[];
  /** Enqueues a message directly (tests can also use the SDK's SendMessage). */
  enqueue(body: string): string;
  /** Received and not yet deleted, still inside their visibility timeout. */
  inFlight(): FakeSqsMessage[];
  /** Deleted messages, in deletion order. */
  deleted(): FakeSqsMessage[];
  /** Messages a ReceiveMessage would return now. */
  visible(): FakeSqsMessage[];
  /** Messages SQS moved to the dead-letter queue (only with `maxReceiveCount`), in the order moved. */
  deadLetters(): FakeSqsMessage[];
  /** Ends every visibility timeout now, as if it had run out (so tests need not wait for redelivery). */
  expireVisibility(): void;
  /** Queues a scripted failure for an operation. */
  fail(failure: FakeSqsFailure): void;
  close(): Promise<void>;
}

interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
  invisibleUntil: number;
  receiptHandle: string | undefined;
  deleted: boolean;
  deadLettered: boolean;
}

const TARGET_PREFIX = "AmazonSQS.";
const QUEUE_PATH = "/123456789012/klaxon-alarms";
const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
const view = (m: StoredMessage): FakeSqsMessage => ({
  messageId: m.messageId,
  body: m.body,
  receiveCount: m.receiveCount,
});

function send(res: ServerResponse, status: number, body: unknown, queryError?: string): void {
  const headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.0",
    "x-amzn-requestid": randomUUID(),
  };
  if (queryError !== undefined) headers["x-amzn-query-error"] = queryError;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  name: string,
  message: string,
  queryCode?: string,
  status = 400,
): void {
  send(res, status, { __type: `com.amazonaws.sqs#${name}`, message }, `${queryCode ?? name};Sender`);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/**
 * Starts a loopback server speaking SQS's AWS JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.<Operation>`), the
 * protocol the installed `@aws-sdk/client-sqs` uses, so the real client runs against it. One queue with real
 * visibility timeouts (wall clock), receive counts, long polling capped at `maxWaitMs`, fresh receipt handles per
 * receive, correct `MD5OfBody`, a dead-letter queue when `maxReceiveCount` is given (SQS's RedrivePolicy), scripted failures, and inspection of in-flight, deleted and visible messages.
 */
export async function startFakeSqsServer(
  options: { maxWaitMs?: number; defaultVisibilitySeconds?: number; maxReceiveCount?: number } = {},
): Promise<FakeSqsServer> {
  const maxWaitMs = options.maxWaitMs ?? 200;
  const defaultVisibility = options.defaultVisibilitySeconds ?? 30;
  const messages: StoredMessage[] = [];
  const deletedOrder: StoredMessage[] = [];
  const deadLettered: StoredMessage[] = [];
  const calls: FakeSqsCall[] = [];
  const failures: { failure: FakeSqsFailure; left: number }[] = [];
  let queueUrl = "";

  const enqueue = (body: string): string => {
    const messageId = randomUUID();
    messages.push({
      messageId,
      body,
      receiveCount: 0,
      invisibleUntil: 0,
      receiptHandle: undefined,
      deleted: false,
      deadLettered: false,
    });
    return messageId;
  };
  const live = () => messages.filter((m) => !m.deleted && !m.deadLettered);
  const visibleNow = () => live().filter((m) => m.invisibleUntil <= Date.now());
  const byHandle = (handle: unknown) =>
    typeof handle === "string" ? live().find((m) => m.receiptHandle === handle) : undefined;

  // SQS's redrive: a message received maxReceiveCount times is moved to the DLQ when it would be received again.
  const redrive = () => {
    if (options.maxReceiveCount === undefined) return;
    for (const m of visibleNow()) {
      if (m.receiveCount >= options.maxReceiveCount) {
        m.deadLettered = true;
        deadLettered.push(m);
      }
    }
  };

  const takeFailure = (operation: string): FakeSqsFailure | undefined => {
    const entry = failures.find((f) => f.failure.operation === operation && f.left > 0);
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.failure;
  };

  const deleteOne = (handle: unknown): boolean => {
    const message = byHandle(handle);
    if (!message) return false;
    message.deleted = true;
    deletedOrder.push(message);
    return true;
  };

  const receive = async (res: ServerResponse, input: Record<string, unknown>) => {
    let gone = false;
    res.once("close", () => {
      gone = true;
    });
    const max = Math.min(Number(input.MaxNumberOfMessages ?? 1), 10);
    const waitMs = Math.min(Number(input.WaitTimeSeconds ?? 0) * 1000, maxWaitMs);
    const visibility = Number(input.VisibilityTimeout ?? defaultVisibility);
    const deadline = Date.now() + waitMs;
    redrive();
    while (visibleNow().length === 0 && Date.now() < deadline && !gone) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // A client that gave up (aborted long poll) must not have messages hidden from it.
    if (gone) return [];
    redrive();
    const names = [
      ...((input.MessageSystemAttributeNames as string[] | undefined) ?? []),
      ...((input.AttributeNames as string[] | undefined) ?? []),
    ];
    const wantsCount = names.includes("All") || names.includes("ApproximateReceiveCount");
    return visibleNow()
      .slice(0, max)
      .map((m) => {
        m.receiveCount += 1;
        m.invisibleUntil = Date.now() + visibility * 1000;
        m.receiptHandle = `rh-${m.messageId}-${m.receiveCount}-${randomUUID()}`;
        return {
          MessageId: m.messageId,
          ReceiptHandle: m.receiptHandle,
          MD5OfBody: md5(m.body),
          Body: m.body,
          ...(wantsCount && { Attributes: { ApproximateReceiveCount: String(m.receiveCount) } }),
        };
      });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const input = await readJson(req);
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    calls.push({ operation, input });
    const failure = takeFailure(operation);
    if (failure) {
      const message = failure.message ?? `${failure.name} (fake)`;
      sendError(res, failure.name, message, failure.queryCode, failure.httpStatus);
      return;
    }
    if (input.QueueUrl !== queueUrl) {
      sendError(
        res,
        "QueueDoesNotExist",
        "The specified queue does not exist.",
        "AWS.SimpleQueueService.NonExistentQueue",
      );
      return;
    }
    switch (operation) {
      case "SendMessage": {
        const body = String(input.MessageBody ?? "");
        send(res, 200, { MessageId: enqueue(body), MD5OfMessageBody: md5(body) });
        return;
      }
      case "ReceiveMessage": {
        const received = await receive(res, input);
        send(res, 200, received.length > 0 ? { Messages: received } : {});
        return;
      }
      case "DeleteMessage":
        // SQS accepts a stale handle of a message that is already gone; only a malformed one is an error.
        if (typeof input.ReceiptHandle !== "string" || !input.ReceiptHandle.startsWith("rh-")) {
          sendError(res, "ReceiptHandleIsInvalid", "The input receipt handle is invalid.");
          return;
        }
        deleteOne(input.ReceiptHandle);
        send(res, 200, {});
        return;
      case "DeleteMessageBatch": {
        const entries = (input.Entries as { Id: string; ReceiptHandle: string }[] | undefined) ?? [];
        for (const e of entries) deleteOne(e.ReceiptHandle);
        send(res, 200, { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] });
        return;
      }
      case "ChangeMessageVisibility": {
        const message = byHandle(input.ReceiptHandle);
        if (!message || message.invisibleUntil <= Date.now()) {
          sendError(res, "MessageNotInflight", "The message referred to isn't in flight.");
          return;
        }
        message.invisibleUntil = Date.now() + Number(input.VisibilityTimeout ?? 0) * 1000;
        send(res, 200, {});
        return;
      }
      default:
        sendError(res, "UnsupportedOperation", `fake does not speak ${target}`);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, "InternalError", String(error), undefined, 500);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  queueUrl = `${url}${QUEUE_PATH}`;

  return {
    url,
    queueUrl,
    calls,
    enqueue,
    inFlight: () =>
      live()
        .filter((m) => m.invisibleUntil > Date.now())
        .map(view),
    deleted: () => deletedOrder.map(view),
    deadLetters: () => deadLettered.map(view),
    visible: () => visibleNow().map(view),
    expireVisibility: () => {
      for (const m of live()) m.invisibleUntil = 0;
    },
    fail: (failure) => failures.push({ failure, left: failure.times }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
