import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDbSender } from "./dynamodb-table-ops.js";
import { mapDynamoError } from "./dynamodb-table-ops.js";

// The SDK's default first delay (20 s) suits real tables; tests create theirs in a local fake at once.
const WAIT_SECONDS = { maxWaitTime: 120, minDelay: 1, maxDelay: 10 } as const;

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
 *   `outbox#failed`/`<15-digit id>` (items given up on, kept for the operator), `mute#all`/`<mute id>` (mute
 *   windows), `muted#<mute key>`/`<episode id>` (episodes opened under a mute), `facts#<day>`/`<openedAt>#<episode id>`
 *   (report figures by the day an episode opened), `open#episodes`/`<episode id>` (episodes not resolved) and `claim#<key>`/`claim`
 *   (one-time claims: window-end announcements, weekly reports).
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
  const result = await waitUntilTableExists({ client, ...WAIT_SECONDS }, { TableName: tableName }).catch(
    (error: unknown) => {
      // The waiter reports a timeout as an error whose message is its JSON state; say what it means instead.
      if (error instanceof Error && error.name === "TimeoutError") return undefined;
      throw error;
    },
  );
  if (result === undefined) {
    throw new Error(
      `DynamoDB table "${tableName}" did not become ACTIVE within ${WAIT_SECONDS.maxWaitTime} s.`,
    );
  }
}

// UpdateTimeToLive refuses a call that would change nothing ("TimeToLive is already enabled").
function isTtlAlreadyOn(error: unknown): boolean {
  return (
    error instanceof Error && error.name === "ValidationException" && /already enabled/i.test(error.message)
  );
}
