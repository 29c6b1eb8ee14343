import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDbSender } from "./dynamodb-table-ops.js";
import { mapDynamoError } from "./dynamodb-table-ops.js";

const WAIT_STEP_MS = 100;
const WAIT_LIMIT_MS = 120_000;

/**
 * Creates klaxon's single DynamoDB table if it does not exist, waits until it is ACTIVE, and turns on TTL.
 * Used by tests and the `klaxon` CLI; production deployments create the table with IaC using this layout:
 *
 * - key schema: partition key `pk` (String, HASH), sort key `sk` (String, RANGE); billing PAY_PER_REQUEST;
 *   TTL attribute `expiresAt` (epoch seconds; only delivery dedupe items carry it). No secondary indexes.
 * - items: `delivery#<MessageId>`/`delivery` (dedupe + in-progress lease), `alarm#<alarmKey>`/`state`
 *   (last state time, open and last episode, recent flips, version), `episode#<id>`/`episode`,
 *   `channel#<channel>`/`activity` (recent new-episode times, current storm digest), `digest#<id>`/`digest`,
 *   `escalation#due`/`<episode id>` (episodes that may need escalating), `checklist#<id>`/`checklist`,
 *   `counter`/`outbox` (outbox id counter), `outbox#pending`/`<15-digit id>` (due work, claims) and
 *   `outbox#failed`/`<15-digit id>` (items given up on, kept for the operator).
 *
 * IAM: dynamodb:GetItem, PutItem, UpdateItem, DeleteItem, Query, DescribeTable and TransactWriteItems on the
 * table (plus CreateTable and UpdateTimeToLive when klaxon creates it itself).
 */
export async function ensureDynamoDbTable(client: DynamoDbSender, tableName: string): Promise<void> {
  try {
    const exists = await describeStatus(client, tableName);
    if (exists === undefined) {
      await client
        .send(
          new CreateTableCommand({
            TableName: tableName,
            AttributeDefinitions: [
              { AttributeName: "pk", AttributeType: "S" },
              { AttributeName: "sk", AttributeType: "S" },
            ],
            KeySchema: [
              { AttributeName: "pk", KeyType: "HASH" },
              { AttributeName: "sk", KeyType: "RANGE" },
            ],
            BillingMode: "PAY_PER_REQUEST",
          }),
        )
        .catch((error: unknown) => {
          // Another replica may have created it between our describe and create.
          if (!(error instanceof Error && error.name === "ResourceInUseException")) throw error;
        });
    }
    await waitActive(client, tableName);
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      }),
    );
  } catch (error) {
    if (isTtlAlreadyOn(error)) return;
    throw mapDynamoError(error, tableName);
  }
}

async function describeStatus(client: DynamoDbSender, tableName: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table?.TableStatus ?? "UNKNOWN";
  } catch (error) {
    if (error instanceof Error && error.name === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

async function waitActive(client: DynamoDbSender, tableName: string): Promise<void> {
  for (let waited = 0; waited <= WAIT_LIMIT_MS; waited += WAIT_STEP_MS) {
    if ((await describeStatus(client, tableName)) === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
  throw new Error(`DynamoDB table "${tableName}" did not become ACTIVE within ${WAIT_LIMIT_MS / 1000} s.`);
}

// UpdateTimeToLive refuses a call that would change nothing ("TimeToLive is already enabled").
function isTtlAlreadyOn(error: unknown): boolean {
  return (
    error instanceof Error && error.name === "ValidationException" && /already enabled/i.test(error.message)
  );
}
