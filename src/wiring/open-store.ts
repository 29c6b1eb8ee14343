import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Config } from "../config/load-config.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { DynamoDbSender } from "../store/dynamodb-store.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";

/**
 * The configured store: one DynamoDB table shared by replicas (`KLAXON_STORE=dynamodb`), otherwise the SQLite
 * file. Warns when the DynamoDB claim lease is too short for one unanswered Slack call. The DynamoDB store and its
 * SDK package load only in the deployments that use them.
 */
export async function openStore(
  config: Config,
  deps: {
    readonly clock: Clock;
    readonly logger: Logger;
    /** The DynamoDB client, created only when the table is used. */
    readonly dynamodb: () => Promise<DynamoDbSender>;
    readonly leaseMs: number | undefined;
    readonly slackTimeoutMs: number;
  },
): Promise<Store> {
  const table = config.env.KLAXON_DYNAMODB_TABLE;
  if (config.env.KLAXON_STORE !== "dynamodb" || !table)
    return openSqliteStore(config.env.KLAXON_DB, deps.clock);
  // Before a Slack call the outbox renews its DynamoDB claim once less than two thirds of it is left: what is left
  // must outlast one unanswered call.
  if (((deps.leaseMs ?? 30_000) * 2) / 3 < deps.slackTimeoutMs + 1_000)
    deps.logger.warn(
      { leaseMs: deps.leaseMs, slackTimeoutMs: deps.slackTimeoutMs },
      "two thirds of the DynamoDB claim lease are shorter than the Slack time-out plus 1 s; another replica may re-send an alarm still in flight",
    );
  const { createDynamoDbStore } = await import("../store/dynamodb-store.js");
  return createDynamoDbStore(
    {
      client: await deps.dynamodb(),
      tableName: table,
      clock: deps.clock,
      // Host name and pid are not unique (host networking gives every container the host's name and pid 1),
      // and replicas sharing an owner would take over each other's outbox claims and post twice.
      owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    },
    { dedupeTtlDays: config.file.store.retentionDays, leaseMs: deps.leaseMs },
  );
}
