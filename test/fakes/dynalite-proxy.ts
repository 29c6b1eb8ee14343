import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  DynamoDBClient,
  TransactWriteItemsCommandInput,
  UpdateTimeToLiveCommandInput,
} from "@aws-sdk/client-dynamodb";
import { emulateTransactWrite } from "./dynalite-transactions.js";

/** What the proxy needs from the dynalite server it fronts. */
export interface DynaliteProxyDeps {
  /** dynalite's own endpoint, e.g. `http://127.0.0.1:4567`. */
  readonly target: string;
  /** A client straight to dynalite (no emulation middleware), used by the transaction shim. */
  readonly raw: DynamoDBClient;
  /** The lock every request of every client runs under, shared with the in-process clients. */
  readonly exclusive: <T>(run: () => Promise<T>) => Promise<T>;
}

/** A loopback DynamoDB endpoint for other processes; set it as their `AWS_ENDPOINT_URL_DYNAMODB`. */
export interface DynaliteProxy {
  readonly endpoint: string;
  /** Requests served so far per DynamoDB operation (e.g. `TransactWriteItems`), emulated or forwarded. */
  operations(): Record<string, number>;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

const JSON_TYPE = "application/x-amz-json-1.0";
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(status: number, value: unknown): Answer {
  return { status, headers: { "content-type": JSON_TYPE }, body: Buffer.from(JSON.stringify(value)) };
}

function forward(target: string, req: IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const upstream = request(
      `${target}${req.url ?? "/"}`,
      { method: req.method ?? "POST", headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const headers: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
          resolve({ status: res.statusCode ?? 500, headers, body: Buffer.concat(chunks) });
        });
        res.on("error", reject);
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

/** An SDK error turned back into the JSON-protocol error body the SDK in the other process parses again. */
function errorAnswer(error: unknown): Answer {
  if (!(error instanceof Error)) return json(500, { __type: "InternalServerError", message: String(error) });
  const reasons = (error as { CancellationReasons?: unknown }).CancellationReasons;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const client = error.name === "TransactionCanceledException" || (status !== undefined && status < 500);
  return json(client ? 400 : 500, {
    __type: `com.amazonaws.dynamodb.v20120810#${error.name}`,
    message: error.message,
    ...(reasons !== undefined && { CancellationReasons: reasons }),
  });
}

/**
 * Starts a loopback HTTP endpoint that speaks the DynamoDB JSON protocol and fronts dynalite, so klaxon child
 * processes get the same emulation the in-process clients of `startDynalite` get: TransactWriteItems runs through
 * the transaction shim and UpdateTimeToLive is acknowledged, and every request, emulated or forwarded, runs under
 * the shared lock. The wire shapes of TransactItems equal the SDK's input shapes (klaxon stores no binary), so the
 * shim takes the parsed body as is.
 */
export async function startDynaliteProxy(deps: DynaliteProxyDeps): Promise<DynaliteProxy> {
  const counts: Record<string, number> = {};
  const handle = async (req: IncomingMessage, body: Buffer): Promise<Answer> => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.replace(/^DynamoDB_\d+\./, "");
    counts[operation] = (counts[operation] ?? 0) + 1;
    if (target === "DynamoDB_20120810.TransactWriteItems") {
      const input = JSON.parse(body.toString("utf8")) as TransactWriteItemsCommandInput;
      await emulateTransactWrite(deps.raw, input.TransactItems ?? []);
      return json(200, {});
    }
    if (target === "DynamoDB_20120810.UpdateTimeToLive") {
      const input = JSON.parse(body.toString("utf8")) as UpdateTimeToLiveCommandInput;
      return json(200, { TimeToLiveSpecification: input.TimeToLiveSpecification });
    }
    return forward(deps.target, req, body);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    readBody(req)
      .then((body) => deps.exclusive(() => handle(req, body)))
      .catch(errorAnswer)
      .then((answer) => {
        res.writeHead(answer.status, { ...answer.headers, "content-length": answer.body.length });
        res.end(answer.body);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
