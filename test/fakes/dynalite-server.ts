import type { AddressInfo } from "node:net";
import {
  DynamoDBClient,
  type TransactWriteItemsCommandInput,
  type UpdateTimeToLiveCommandInput,
} from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { type DynaliteProxy, startDynaliteProxy } from "./dynalite-proxy.js";
import { emulateTransactWrite } from "./dynalite-transactions.js";

/** An in-memory DynamoDB (dynalite) on a loopback port, with real SDK clients pointed at it. */
export interface DynaliteServer {
  readonly endpoint: string;
  /**
   * A real `DynamoDBClient` for this server. dynalite lacks TransactWriteItems and UpdateTimeToLive, so the
   * client's middleware emulates them; every request of every client made here runs under one lock, which
   * keeps the emulated transactions atomic while separate requests still interleave as on DynamoDB.
   */
  client(): DynamoDBClient;
  /**
   * Starts (once) a loopback DynamoDB endpoint for other processes (their `AWS_ENDPOINT_URL_DYNAMODB`) with the
   * same emulation and under the same lock as `client()`; closed by `close()`.
   */
  proxy(): Promise<DynaliteProxy>;
  close(): Promise<void>;
}

function makeRawClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
}

/** Starts dynalite in memory on 127.0.0.1 (port 0); close it in afterAll. */
export async function startDynalite(): Promise<DynaliteServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const raw = makeRawClient(endpoint);
  const clients: DynamoDBClient[] = [raw];
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run);
    tail = result.catch(() => undefined);
    return result;
  };

  let proxy: Promise<DynaliteProxy> | undefined;

  return {
    endpoint,
    proxy() {
      proxy ??= startDynaliteProxy({ target: endpoint, raw, exclusive });
      return proxy;
    },
    client() {
      const client = makeRawClient(endpoint);
      clients.push(client);
      client.middlewareStack.add(
        (next, context) => (args) =>
          exclusive(async () => {
            if (context.commandName === "TransactWriteItemsCommand") {
              const input = args.input as TransactWriteItemsCommandInput;
              await emulateTransactWrite(raw, input.TransactItems ?? []);
              return { output: { $metadata: {} }, response: {} } as Awaited<ReturnType<typeof next>>;
            }
            if (context.commandName === "UpdateTimeToLiveCommand") {
              const input = args.input as UpdateTimeToLiveCommandInput;
              const output = { $metadata: {}, TimeToLiveSpecification: input.TimeToLiveSpecification };
              return { output, response: {} } as Awaited<ReturnType<typeof next>>;
            }
            return next(args);
          }),
        { step: "initialize", name: "dynaliteEmulation" },
      );
      return client;
    },
    async close() {
      if (proxy) await (await proxy).close();
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
