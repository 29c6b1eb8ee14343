import { randomUUID } from "node:crypto";
import type { Clock } from "../shared/clock.js";
import { getChecklistDynamo, saveChecklistDynamo, updateChecklistDynamo } from "./dynamodb-checklists.js";
import { escalationCandidatesDynamo, loadDigest } from "./dynamodb-incidents.js";
import { ingestDynamo, updateEpisodeDynamo } from "./dynamodb-ingest.js";
import {
  claimOnceDynamo,
  episodeFactsBetweenDynamo,
  listMutesDynamo,
  mutedEpisodesDynamo,
  openEpisodesDynamo,
  saveMuteDynamo,
} from "./dynamodb-mutes.js";
import {
  completeOutboxDynamo,
  dueOutboxDynamo,
  failOutboxDynamo,
  holdOutboxDynamo,
  pendingOutboxCountDynamo,
  retryOutboxDynamo,
} from "./dynamodb-outbox.js";
import { type DynamoDbSender, tableOps } from "./dynamodb-table-ops.js";
import { type DynamoContext, loadEpisode } from "./dynamodb-writes.js";
import type { Store } from "./store.js";

export type { DynamoDbSender } from "./dynamodb-table-ops.js";
export { ensureDynamoDbTable } from "./ensure-dynamodb-table.js";

/** What the DynamoDB store is built from; the client is created (and destroyed) by the wiring. */
export interface DynamoDbStoreDeps {
  readonly client: DynamoDbSender;
  readonly tableName: string;
  readonly clock: Clock;
  /** This replica's id on leases and claims (host name, task id…); random when absent. */
  readonly owner?: string;
}

/** Tuning of leases and dedupe retention. */
export interface DynamoDbStoreOptions {
  /**
   * How long a delivery lease or an outbox claim lasts before another replica may take it over. Default 30 s.
   * The outbox renews its claim before each Slack call, so this must exceed the Slack client's time-out.
   */
  readonly leaseMs?: number | undefined;
  /** How long a processed MessageId is remembered for dedupe (TTL). Default 14 days. */
  readonly dedupeTtlDays?: number;
}

/**
 * The scale-out store on one DynamoDB table (layout and IAM on `ensureDynamoDbTable`). Several replicas can share
 * the table: MessageId dedupe uses a leased conditional put, each ingest commits in one transaction guarded by the
 * alarm's version, and outbox items are claimed before they are sent, so every delivery yields exactly one set of
 * Slack effects and no two replicas send the same one.
 */
export function createDynamoDbStore(deps: DynamoDbStoreDeps, options: DynamoDbStoreOptions = {}): Store {
  const ctx: DynamoContext = {
    ops: tableOps(deps.client, deps.tableName),
    clock: deps.clock,
    owner: deps.owner ?? `klaxon-${randomUUID()}`,
    leaseMs: options.leaseMs ?? 30_000,
    dedupeTtlSeconds: Math.round((options.dedupeTtlDays ?? 14) * 86_400),
    // Each round lets at least one racing writer of an alarm commit, so this bounds a burst of that size.
    maxAttempts: 16,
  };
  return {
    ingest: (input, decide) => ingestDynamo(ctx, input, decide),
    getEpisode: async (id) => (await loadEpisode(ctx, id))?.value,
    updateEpisode: (id, change) => updateEpisodeDynamo(ctx, id, change),
    getDigest: async (id) => (await loadDigest(ctx, id))?.value,
    escalationCandidates: (openedBefore, limit) => escalationCandidatesDynamo(ctx, openedBefore, limit),
    dueOutbox: (now, limit, perChannel) => dueOutboxDynamo(ctx, now, limit, perChannel),
    completeOutbox: (id, result, fence) => completeOutboxDynamo(ctx, id, result, fence),
    holdOutbox: (id, options = {}) => holdOutboxDynamo(ctx, id, options),
    retryOutbox: (id, error, nextAttemptAt, options) =>
      retryOutboxDynamo(ctx, id, error, nextAttemptAt, options),
    failOutbox: (id, error, fence) => failOutboxDynamo(ctx, id, error, fence),
    pendingOutboxCount: () => pendingOutboxCountDynamo(ctx),
    saveChecklist: (checklist) => saveChecklistDynamo(ctx, checklist),
    getChecklist: (id) => getChecklistDynamo(ctx, id),
    updateChecklist: (id, change) => updateChecklistDynamo(ctx, id, change),
    async ping() {
      return (await ctx.ops.tableStatus().catch(() => undefined)) === "ACTIVE";
    },
    async close() {
      // The client belongs to the wiring, which destroys it; there is nothing of our own to release.
    },
    saveMute: (mute) => saveMuteDynamo(ctx, mute),
    listMutes: (endsAfter) => listMutesDynamo(ctx, endsAfter),
    mutedEpisodes: (key) => mutedEpisodesDynamo(ctx, key),
    claimOnce: (key, at) => claimOnceDynamo(ctx, key, at),
    episodeFactsBetween: (from, to) => episodeFactsBetweenDynamo(ctx, from, to),
    openEpisodes: (limit) => openEpisodesDynamo(ctx, limit),
  };
}
