import { afterAll, beforeAll } from "vitest";
import { createDynamoDbStore, ensureDynamoDbTable } from "../../../src/store/dynamodb-store.js";
import { type DynaliteServer, startDynalite } from "../../fakes/dynalite-server.js";
import { describeStoreContract } from "./store-contract.js";

const clock = () => new Date("2026-11-20T10:30:00Z");
let dynamo: DynaliteServer;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

describeStoreContract("DynamoDB (dynalite)", async () => {
  const client = dynamo.client();
  const tableName = `klaxon-contract-${++tables}`;
  await ensureDynamoDbTable(client, tableName);
  return {
    store: createDynamoDbStore({ client, tableName, clock, owner: "replica-a" }),
    async reopen() {
      return createDynamoDbStore({ client, tableName, clock, owner: "replica-a" });
    },
    async cleanup() {},
  };
});
