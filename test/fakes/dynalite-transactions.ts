import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";

type Item = Record<string, AttributeValue>;

interface PlannedWrite {
  readonly table: string;
  readonly key: Item;
  apply(raw: DynamoDBClient): Promise<unknown>;
}

function keyOf(item: Item | undefined): Item {
  const pk = item?.pk;
  const sk = item?.sk;
  if (!pk || !sk) throw new Error("the dynalite transaction shim only knows tables keyed by pk + sk");
  return { pk, sk };
}

function plan(t: TransactWriteItem): PlannedWrite {
  if (t.Put) {
    const put = t.Put;
    return {
      table: put.TableName ?? "",
      key: keyOf(put.Item),
      apply: (raw) => raw.send(new PutItemCommand(put)),
    };
  }
  if (t.Update) {
    const update = t.Update;
    return {
      table: update.TableName ?? "",
      key: keyOf(update.Key),
      apply: (raw) => raw.send(new UpdateItemCommand(update)),
    };
  }
  if (t.Delete) {
    const del = t.Delete;
    return {
      table: del.TableName ?? "",
      key: keyOf(del.Key),
      apply: (raw) => raw.send(new DeleteItemCommand(del)),
    };
  }
  throw new Error("the dynalite transaction shim does not emulate ConditionCheck");
}

/**
 * TransactWriteItems for dynalite, which lacks transactions. Runs while the caller holds the global lock that
 * serialises every request to the server, so nothing interleaves: records before-images, applies each write with
 * its own condition, and on the first failed condition restores the before-images and throws the same
 * `TransactionCanceledException` (with per-item reasons) DynamoDB does.
 */
export async function emulateTransactWrite(
  raw: DynamoDBClient,
  items: readonly TransactWriteItem[],
): Promise<void> {
  const writes = items.map(plan);
  const seen = new Set(writes.map((w) => `${w.table}|${JSON.stringify(w.key)}`));
  if (seen.size !== writes.length) {
    throw new Error(
      "Transaction request cannot include multiple operations on one item (DynamoDB rejects this too)",
    );
  }
  const before: (Item | undefined)[] = [];
  for (const w of writes) {
    before.push(
      (await raw.send(new GetItemCommand({ TableName: w.table, Key: w.key, ConsistentRead: true }))).Item,
    );
  }
  for (const [i, w] of writes.entries()) {
    try {
      await w.apply(raw);
    } catch (error) {
      await rollback(raw, writes.slice(0, i), before);
      if (!(error instanceof Error && error.name === "ConditionalCheckFailedException")) throw error;
      throw new TransactionCanceledException({
        message: "Transaction cancelled, please refer cancellation reasons for specific reasons",
        $metadata: {},
        CancellationReasons: writes.map((_, k) => ({ Code: k === i ? "ConditionalCheckFailed" : "None" })),
      });
    }
  }
}

async function rollback(
  raw: DynamoDBClient,
  applied: readonly PlannedWrite[],
  before: readonly (Item | undefined)[],
) {
  for (let i = applied.length - 1; i >= 0; i--) {
    const w = applied[i];
    if (!w) continue;
    const image = before[i];
    if (image) await raw.send(new PutItemCommand({ TableName: w.table, Item: image }));
    else await raw.send(new DeleteItemCommand({ TableName: w.table, Key: w.key }));
  }
}
