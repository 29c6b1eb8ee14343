import {
  type CancellationReason,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  paginateQuery,
  type QueryCommandInput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { type Item, type ItemKey, keyItem } from "./dynamodb-attributes.js";
import {
  StoreAccessDeniedError,
  StoreError,
  StoreTableMissingError,
  StoreUnavailableError,
} from "./errors.js";

/** The DynamoDB client the store uses: a real `DynamoDBClient`, since the SDK's paginators and waiters need one. */
export type DynamoDbSender = DynamoDBClient;

type WithoutTable<T> = Omit<T, "TableName" | "Key" | "Item">;

/** The outcome of a transaction: committed, or cancelled with one reason per item (in request order). */
export type TransactOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reasons: readonly string[] };

/** The table operations the store uses, with SDK failures mapped to `StoreError`s. */
export interface TableOps {
  readonly tableName: string;
  get(key: ItemKey): Promise<Item | undefined>;
  /** False when the condition failed. */
  put(item: Item, input?: WithoutTable<PutItemCommandInput>): Promise<boolean>;
  /** The new item (ALL_NEW), or false when the condition failed. */
  update(key: ItemKey, input: WithoutTable<UpdateItemCommandInput>): Promise<Item | false>;
  /** False when the condition failed. */
  remove(key: ItemKey, input?: WithoutTable<DeleteItemCommandInput>): Promise<boolean>;
  /** Every page of a query, in key order. */
  query(input: Omit<QueryCommandInput, "TableName">): Promise<Item[]>;
  countQuery(input: Omit<QueryCommandInput, "TableName" | "Select">): Promise<number>;
  transact(items: readonly TransactWriteItem[]): Promise<TransactOutcome>;
  tableStatus(): Promise<string | undefined>;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

/**
 * Turns an SDK failure into the store error an operator can act on: a missing table names the table and the
 * variable that configures it; a refused call names the IAM actions klaxon needs.
 */
export function mapDynamoError(error: unknown, tableName: string): StoreError {
  if (error instanceof StoreError) return error;
  const name = errorName(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (name === "ResourceNotFoundException") return new StoreTableMissingError(tableName, { cause: error });
  if (name === "AccessDeniedException" || name === "UnrecognizedClientException") {
    return new StoreAccessDeniedError(tableName, `${name}: ${detail}`, { cause: error });
  }
  return new StoreUnavailableError(
    `DynamoDB table "${tableName}" failed a request (${name || "error"}: ${detail}).`,
    {
      cause: error,
    },
  );
}

/** Builds the table operations over `client` for `tableName`. */
export function tableOps(client: DynamoDbSender, tableName: string): TableOps {
  const guard = async <T>(run: () => Promise<T>, conditional?: () => T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (conditional && errorName(error) === "ConditionalCheckFailedException") return conditional();
      throw mapDynamoError(error, tableName);
    }
  };

  return {
    tableName,
    get: (key) =>
      guard(async () => {
        const out = await client.send(
          new GetItemCommand({ TableName: tableName, Key: keyItem(key), ConsistentRead: true }),
        );
        return out.Item;
      }),
    put: (item, input) =>
      guard(
        async () => {
          await client.send(new PutItemCommand({ ...input, TableName: tableName, Item: item }));
          return true;
        },
        () => false,
      ),
    update: (key, input) =>
      guard(
        async () => {
          const out = await client.send(
            new UpdateItemCommand({
              ReturnValues: "ALL_NEW",
              ...input,
              TableName: tableName,
              Key: keyItem(key),
            }),
          );
          return out.Attributes ?? {};
        },
        (): Item | false => false,
      ),
    remove: (key, input) =>
      guard(
        async () => {
          await client.send(new DeleteItemCommand({ ...input, TableName: tableName, Key: keyItem(key) }));
          return true;
        },
        () => false,
      ),
    query: (input) =>
      guard(async () => {
        const items: Item[] = [];
        const pages = paginateQuery({ client }, { ...input, TableName: tableName, ConsistentRead: true });
        for await (const page of pages) items.push(...(page.Items ?? []));
        return items;
      }),
    countQuery: (input) =>
      guard(async () => {
        let count = 0;
        const pages = paginateQuery(
          { client },
          { ...input, TableName: tableName, ConsistentRead: true, Select: "COUNT" },
        );
        for await (const page of pages) count += page.Count ?? 0;
        return count;
      }),
    transact: (items) =>
      guard(async (): Promise<TransactOutcome> => {
        try {
          await client.send(new TransactWriteItemsCommand({ TransactItems: [...items] }));
          return { ok: true };
        } catch (error) {
          if (errorName(error) !== "TransactionCanceledException") throw error;
          const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
          return { ok: false, reasons: reasons.map((r) => r.Code ?? "None") };
        }
      }),
    tableStatus: () =>
      guard(async () => {
        const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
        return out.Table?.TableStatus;
      }),
  };
}
