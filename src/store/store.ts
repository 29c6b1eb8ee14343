import type { Alarm } from "../alarms/alarm.js";
import type { AlarmHistory } from "../incidents/alarm-history.js";
import type { Decision } from "../incidents/decision.js";
import type { Episode } from "../incidents/episode.js";
import type { StormDigest } from "../incidents/storm-digest.js";
import type { MuteWindow } from "../mutes/mute-window.js";
import type { EpisodeFacts } from "../reports/episode-facts.js";
import type { ChecklistState } from "../runbooks/checklist-state.js";
import type { StoredEffect } from "./stored-effect.js";

/** An outbox row: one Slack side effect, written before it is attempted and kept until delivered. */
export interface OutboxItem {
  readonly id: number;
  readonly effect: StoredEffect;
  readonly attempts: number;
  readonly createdAt: string;
  readonly lastError?: string;
  /**
   * When a message of this item may first have reached Slack (set before the call by `holdOutbox`, cleared when
   * that attempt was refused for certain): a later attempt looks for the message before posting it again.
   */
  readonly firstAttemptAt?: string;
  /** The claim this copy was handed out under (DynamoDB); writes about the item are fenced by it. */
  readonly claim?: number;
}

/** Which claim a write about an outbox item is made under; a replica whose claim was taken over writes nothing. */
export interface OutboxFence {
  readonly claim?: number;
}

/** One notification accepted for processing. */
export interface IncomingNotification {
  /** SNS MessageId (or the EventBridge event id): the dedupe key. */
  readonly messageId: string;
  readonly alarm: Alarm;
  readonly receivedAt: string;
  /** The route's channel: the store counts new episodes per channel and finds its storm digest. */
  readonly channel?: string;
}

export type IngestOutcome =
  | { readonly status: "duplicate" }
  | { readonly status: "accepted"; readonly decision: Decision };

/** Rows one prune call deleted. */
export interface PruneCounts {
  readonly deliveries: number;
  readonly outbox: number;
}

/**
 * The storage port: SQLite by default, DynamoDB for scale-out. `ingest` is atomic: dedupe by message id, apply the
 * episode decision and enqueue its effects happen together or not at all, so a crash never half-applies an alarm.
 * `decide` also gets the alarm's recent flips and last episode, and (given `channel`) the channel's new-episode count
 * over the last minute and its storm digest; the decision's flips, digest and channel count are saved with it.
 */
export interface Store {
  ingest(input: IncomingNotification, decide: (history: AlarmHistory) => Decision): Promise<IngestOutcome>;
  getEpisode(id: string): Promise<Episode | undefined>;
  /** Saves an episode changed outside ingest (acknowledge, resolve) and enqueues its effects atomically. */
  updateEpisode(id: string, change: (e: Episode) => Decision | undefined): Promise<Episode | undefined>;
  /**
   * Due outbox items, at most one per episode (the oldest), so each thread stays in order, oldest first. With
   * `perChannel`, at most that many of one channel: the rest of the batch goes to other channels, so a backlog in
   * one channel does not hold back the items of others behind it.
   */
  dueOutbox(now: Date, limit: number, perChannel?: number): Promise<OutboxItem[]>;
  /** A storm digest by id (rendered by the outbox at delivery time). */
  getDigest(id: string): Promise<StormDigest | undefined>;
  /**
   * Episodes that may need escalating (see `awaitsEscalation`) opened at or before `openedBefore`, oldest first.
   * The caller re-checks each inside `updateEpisode`, so a stale answer never escalates twice.
   */
  escalationCandidates(openedBefore: Date, limit: number): Promise<Episode[]>;
  /**
   * Marks delivered; a delivered root post records the message's channel and ts on its episode, and a delivered
   * first digest post records them on the digest. False when the item's claim was taken over (nothing written).
   */
  completeOutbox(
    id: number,
    result: { readonly channel?: string; readonly ts?: string },
    fence?: OutboxFence,
  ): Promise<boolean>;
  /**
   * Called before each Slack call of a handed-out item: extends its claim (DynamoDB) so no other replica takes it
   * while the call is in flight, and with `attemptAt` records the item's first attempt time unless one is set.
   * False = the claim was taken over: the caller must not call Slack.
   */
  holdOutbox(id: number, options?: OutboxFence & { readonly attemptAt?: Date }): Promise<boolean>;
  /** Schedules the next attempt; `forgetAttempt` clears the first attempt time (Slack refused it for certain). */
  retryOutbox(
    id: number,
    error: string,
    nextAttemptAt: Date,
    options?: OutboxFence & { readonly forgetAttempt?: boolean },
  ): Promise<void>;
  /** Gives up on an item that can never succeed (kept, with its error, for the operator). */
  failOutbox(id: number, error: string, fence?: OutboxFence): Promise<void>;
  pendingOutboxCount(): Promise<number>;
  /**
   * Marks done, without a Slack call, the pending items of `episodeId` after `afterId` whose effect is of `kind`
   * (`update_root` or `sync_digest`: both render the newest stored state at delivery, so the delivery of item
   * `afterId`, which reads that state after this call, shows what they would). Returns how many it dropped.
   * Optional: a store without it simply sends every update.
   */
  supersedeOutbox?(episodeId: string, afterId: number, kind: "update_root" | "sync_digest"): Promise<number>;
  /**
   * Up to `limit` pending items of `episodeId` queued after `afterId`, oldest first (to fold a run of thread
   * replies into one post). Optional: a store without it sends each reply on its own.
   */
  pendingOutboxAfter?(episodeId: string, afterId: number, limit: number): Promise<OutboxItem[]>;
  /** Stores a new checklist (no-op when the id exists, so a retried post cannot reset ticks). */
  saveChecklist(checklist: ChecklistState): Promise<void>;
  getChecklist(id: string): Promise<ChecklistState | undefined>;
  /** Atomically applies `change` to a checklist (concurrent clicks serialise); undefined from `change` = no write. */
  updateChecklist(
    id: string,
    change: (c: ChecklistState) => ChecklistState | undefined,
  ): Promise<ChecklistState | undefined>;
  /**
   * Deletes at most `limit` delivered outbox rows and `limit` delivery (dedupe) rows older than `before`; pending
   * and failed rows stay. SQLite only: DynamoDB deletes delivered outbox items on completion and expires delivery
   * items by TTL.
   */
  prune?(before: Date, limit: number): Promise<PruneCounts>;
  /** True when the store can serve requests (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** Saves a mute window: a new one, or one ended early (same id, earlier `endsAt`). */
  saveMute(mute: MuteWindow): Promise<void>;
  /** The saved mute windows that end after `endsAfter`, earliest start first. */
  listMutes(endsAfter: Date): Promise<MuteWindow[]>;
  /** Episodes ever opened under the mute with this key (`Episode.muted.key`), also once posted. */
  mutedEpisodes(key: string): Promise<Episode[]>;
  /**
   * True for exactly one caller per key, ever (a conditional write): which replica announces a window's end or
   * posts the weekly report, so two replicas never double it.
   */
  claimOnce(key: string, at: Date): Promise<boolean>;
  /**
   * The report figures of episodes opened in [from, to), oldest first, read from an index by opening time (kept
   * with every episode write), so a report over a week or a month stays fast on a year of history.
   */
  episodeFactsBetween(from: Date, to: Date): Promise<EpisodeFacts[]>;
  /** Episodes not resolved yet (open or without data), at most `limit`, oldest opening first (App Home). */
  openEpisodes(limit: number): Promise<Episode[]>;
}
