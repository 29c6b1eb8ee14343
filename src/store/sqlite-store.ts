import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { alarmKey } from "../alarms/alarm.js";
import type { Decision } from "../incidents/decision.js";
import type { Episode } from "../incidents/episode.js";
import type { ChecklistState } from "../runbooks/checklist-state.js";
import { type Clock, systemClock } from "../shared/clock.js";
import { decodeEffect, encodeEffect } from "./effect-json.js";
import { openSqliteDatabase } from "./open-sqlite-database.js";
import { type OutboxRow, sqliteDueOutbox } from "./sqlite-due-outbox.js";
import { batchTransaction, createFileSync, createGroupCommit, type SyncFile } from "./sqlite-group-commit.js";
import { INCIDENT_SCHEMA, sqliteIncidents } from "./sqlite-incidents.js";
import { MUTE_SCHEMA, sqliteMutes } from "./sqlite-mutes.js";
import { addMissingColumns, CORE_SCHEMA, INDEXES_ON_ADDED_COLUMNS } from "./sqlite-schema.js";
import type { IncomingNotification, IngestOutcome, OutboxItem, Store } from "./store.js";

/** A delivery waiting for the next group commit. */
interface QueuedIngest {
  readonly input: IncomingNotification;
  readonly decide: Parameters<Store["ingest"]>[1];
}

/**
 * Opens (creating if needed) the SQLite store at `path` (`:memory:` for tests). WAL mode; an ingest resolves
 * only once its transaction is flushed to disk (see the group commit below), so a 200 to SNS means the alarm
 * survives a crash or power loss. `syncFile` flushes a file to disk (tests replace it to watch the order).
 */
export function openSqliteStore(
  path: string,
  clock: Clock = systemClock,
  options: { readonly syncFile?: SyncFile } = {},
): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = openSqliteDatabase(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
  // One transaction: each statement on its own would be a commit with its own fsync on a new database.
  db.transaction(() => {
    db.exec(CORE_SCHEMA);
    addMissingColumns(db);
    db.exec(INDEXES_ON_ADDED_COLUMNS);
    db.exec(INCIDENT_SCHEMA);
    db.exec(MUTE_SCHEMA);
  })();

  const q = {
    seen: db.prepare<[string], { n: number }>("SELECT 1 AS n FROM deliveries WHERE message_id = ?"),
    record: db.prepare(
      "INSERT INTO deliveries (message_id, alarm_key, alarm_json, received_at) VALUES (?, ?, ?, ?)",
    ),
    state: db.prepare<[string], { last_state_time: string; open_episode_id: string | null }>(
      "SELECT last_state_time, open_episode_id FROM alarm_state WHERE alarm_key = ?",
    ),
    putState: db.prepare(
      `INSERT INTO alarm_state (alarm_key, last_state_time, open_episode_id) VALUES (?, ?, ?)
       ON CONFLICT(alarm_key) DO UPDATE SET last_state_time = excluded.last_state_time, open_episode_id = excluded.open_episode_id`,
    ),
    episode: db.prepare<[string], { body: string }>("SELECT body FROM episodes WHERE id = ?"),
    putEpisode: db.prepare(
      `INSERT INTO episodes (id, alarm_key, status, body, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, body = excluded.body, updated_at = excluded.updated_at`,
    ),
    enqueue: db.prepare(
      "INSERT INTO outbox (episode_id, effect, next_attempt_at, created_at, channel) VALUES (?, ?, ?, ?, ?)",
    ),
    outboxEffect: db.prepare<[number], { effect: string; episode_id: string }>(
      "SELECT effect, episode_id FROM outbox WHERE id = ?",
    ),
    done: db.prepare(
      "UPDATE outbox SET status = 'done', attempts = attempts + 1, last_error = NULL WHERE id = ?",
    ),
    retry: db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
         first_attempt_at = CASE WHEN ? = 1 THEN NULL ELSE first_attempt_at END WHERE id = ?`,
    ),
    attempted: db.prepare(
      "UPDATE outbox SET first_attempt_at = COALESCE(first_attempt_at, ?) WHERE id = ? AND status = 'pending'",
    ),
    fail: db.prepare(
      "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
    ),
    pending: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"),
    after: db.prepare<[string, number, number], OutboxRow>(
      `SELECT id, effect, attempts, created_at, last_error, first_attempt_at FROM outbox
       WHERE status = 'pending' AND episode_id = ? AND id > ? ORDER BY id LIMIT ?`,
    ),
    supersede: db.prepare<[string, number, string]>(
      `UPDATE outbox SET status = 'done', last_error = NULL WHERE status = 'pending' AND episode_id = ? AND id > ?
         AND json_extract(effect, '$.kind') = ?`,
    ),
    checklist: db.prepare<[string], { body: string }>("SELECT body FROM checklists WHERE id = ?"),
    insertChecklist: db.prepare("INSERT OR IGNORE INTO checklists (id, body, updated_at) VALUES (?, ?, ?)"),
    putChecklist: db.prepare("UPDATE checklists SET body = ?, updated_at = ? WHERE id = ?"),
    pruneDeliveries: db.prepare(
      "DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries WHERE received_at < ? LIMIT ?)",
    ),
    pruneOutbox: db.prepare(
      "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status = 'done' AND created_at < ? LIMIT ?)",
    ),
  };

  const dueRows = sqliteDueOutbox(db);
  const toOutboxItem = (r: OutboxRow): OutboxItem => ({
    id: r.id,
    effect: decodeEffect(r.effect),
    attempts: r.attempts,
    createdAt: r.created_at,
    ...(r.last_error !== null && { lastError: r.last_error }),
    ...(r.first_attempt_at !== null && { firstAttemptAt: new Date(r.first_attempt_at).toISOString() }),
  });

  const loadEpisode = (id: string): Episode | undefined => {
    const row = q.episode.get(id);
    return row ? (JSON.parse(row.body) as Episode) : undefined;
  };

  const incidents = sqliteIncidents(db, loadEpisode);
  const mutes = sqliteMutes(db, loadEpisode);
  const putEpisode = (e: Episode, nowIso: string): void => {
    q.putEpisode.run(e.id, e.alarmKey, e.status, JSON.stringify(e), nowIso);
    incidents.indexEpisode(e);
    mutes.indexEpisode(e);
  };

  const saveDecision = (decision: Decision, nowIso: string): void => {
    const e = decision.episode;
    if (e) {
      putEpisode(e, nowIso);
      q.putState.run(e.alarmKey, e.alarm.time, e.status === "resolved" ? null : e.id);
    }
    for (const c of decision.checklists ?? []) q.insertChecklist.run(c.id, JSON.stringify(c), nowIso);
    for (const effect of decision.effects) {
      q.enqueue.run(effect.episodeId, encodeEffect(effect), 0, nowIso, effect.channel);
    }
  };

  const loadChecklist = (id: string): ChecklistState | undefined => {
    const row = q.checklist.get(id);
    return row ? (JSON.parse(row.body) as ChecklistState) : undefined;
  };

  const updateChecklistTx = db.transaction(
    (id: string, change: (c: ChecklistState) => ChecklistState | undefined) => {
      const current = loadChecklist(id);
      if (!current) return undefined;
      const next = change(current);
      if (!next) return current;
      q.putChecklist.run(JSON.stringify(next), clock().toISOString(), id);
      return next;
    },
  );

  const ingestOne = (input: IncomingNotification, decide: Parameters<Store["ingest"]>[1]): IngestOutcome => {
    if (q.seen.get(input.messageId)) return { status: "duplicate" } as const;
    const alarmKeyValue = alarmKey(input.alarm);
    q.record.run(input.messageId, alarmKeyValue, JSON.stringify(input.alarm), input.receivedAt);
    const state = q.state.get(alarmKeyValue);
    const openEpisode = state?.open_episode_id ? loadEpisode(state.open_episode_id) : undefined;
    const decision = decide({
      ...incidents.history(input, alarmKeyValue, openEpisode),
      ...(openEpisode && { openEpisode }),
      ...(state && { lastStateTime: state.last_state_time }),
    });
    saveDecision(decision, input.receivedAt);
    incidents.saveIngest(decision, input, alarmKeyValue);
    if (!decision.episode && !decision.ignored?.startsWith("stale")) {
      q.putState.run(alarmKeyValue, input.alarm.time, state?.open_episode_id ?? null);
    }
    return { status: "accepted", decision } as const;
  };

  // The outbox's own bookkeeping (attempt times, delivered, retry dates) commits without an fsync of its own: in
  // WAL mode that still survives a crash of klaxon, and the next alarm's commit (FULL) makes it durable on disk
  // too. Only a power loss in between can undo it, and the cost of that is a repeated Slack call, never a lost
  // alarm. With an fsync each, every Slack post cost two fsyncs on the event loop and slowed SNS answers.
  // `db.exec`, not `db.pragma()`: pragma() prepares a statement object per call, and on Node 24 better-sqlite3
  // aborts the process when such garbage statements are finalized during shutdown.
  const bookkeeping = <T>(write: () => T): T => {
    db.exec("PRAGMA synchronous = NORMAL");
    try {
      return write();
    } finally {
      db.exec("PRAGMA synchronous = FULL");
    }
  };

  // Group commit: deliveries that arrive while the previous flush is on the disk are stored in one transaction
  // (one that throws is rolled back alone, see `batchTransaction`). The transaction commits with synchronous =
  // NORMAL and the write-ahead log is then flushed by an fsync on the thread pool before any of them is
  // answered: together that is exactly what synchronous = FULL does in WAL mode (fsync the log after the
  // commit), without the event loop waiting for the disk. The outbox may read a batch's effects before its flush
  // ends; a power loss in that moment can only repeat a Slack post after SNS redelivers the unanswered alarm,
  // never lose one.
  const ingestBatchTx = batchTransaction(db, (item: QueuedIngest) => ingestOne(item.input, item.decide));
  const walPath = `${db.name}-wal`;
  const wal = createFileSync(walPath);
  const syncFile = options.syncFile;
  // Without a write-ahead log (an in-memory database, or a file system where WAL mode could not be set) the
  // commit itself stays synchronous = FULL and there is no separate flush.
  const walMode = !db.memory && existsSync(walPath);
  const groupIngest = createGroupCommit<QueuedIngest, IngestOutcome>({
    commit: walMode ? (batch) => bookkeeping(() => ingestBatchTx(batch)) : ingestBatchTx,
    sync: !walMode ? undefined : syncFile ? () => syncFile(walPath) : wal.sync,
  });

  const updateTx = db.transaction((id: string, change: (e: Episode) => Decision | undefined) => {
    const current = loadEpisode(id);
    if (!current) return undefined;
    const decision = change(current);
    if (!decision) return current;
    const nowIso = clock().toISOString();
    const e = decision.episode;
    if (e) {
      putEpisode(e, nowIso);
      // Only the alarm's current episode moves the alarm's pointer; an old episode's change must not.
      const state = q.state.get(e.alarmKey);
      if (e.status === "resolved" && state?.open_episode_id === e.id)
        q.putState.run(e.alarmKey, state.last_state_time, null);
    }
    saveDecision(
      { effects: decision.effects, ...(decision.checklists && { checklists: decision.checklists }) },
      nowIso,
    );
    return decision.episode ?? current;
  });

  const completeTx = db.transaction((id: number, result: { channel?: string; ts?: string }) => {
    const row = q.outboxEffect.get(id);
    q.done.run(id);
    if (!row || result.ts === undefined) return;
    const effect = decodeEffect(row.effect);
    if (effect.kind === "sync_digest")
      incidents.digestPosted(
        effect.episodeId,
        result.channel ?? effect.channel,
        result.ts,
        clock().toISOString(),
      );
    if (effect.kind !== "post_root") return;
    const episode = loadEpisode(row.episode_id);
    if (!episode) return;
    const updated: Episode = {
      ...episode,
      slackTs: result.ts,
      slackChannel: result.channel ?? effect.channel,
    };
    putEpisode(updated, clock().toISOString());
  });

  return {
    ingest(input, decide): Promise<IngestOutcome> {
      return groupIngest({ input, decide });
    },
    async getEpisode(id) {
      return loadEpisode(id);
    },
    async updateEpisode(id, change) {
      return updateTx(id, change);
    },
    async dueOutbox(now, limit, perChannel) {
      return dueRows(now.getTime(), limit, perChannel).map(toOutboxItem);
    },
    async pendingOutboxAfter(episodeId, afterId, limit) {
      return q.after.all(episodeId, afterId, limit).map(toOutboxItem);
    },
    async getDigest(id) {
      return incidents.getDigest(id);
    },
    async escalationCandidates(openedBefore, limit) {
      return incidents.escalationCandidates(openedBefore, limit).flatMap((id) => loadEpisode(id) ?? []);
    },
    async completeOutbox(id, result) {
      // One process owns a SQLite file, so there are no claims to fence.
      bookkeeping(() => completeTx(id, result));
      return true;
    },
    async holdOutbox(id, options = {}) {
      const at = options.attemptAt;
      if (at !== undefined) bookkeeping(() => q.attempted.run(at.getTime(), id));
      return true;
    },
    async retryOutbox(id, error, nextAttemptAt, options = {}) {
      bookkeeping(() => q.retry.run(error, nextAttemptAt.getTime(), options.forgetAttempt ? 1 : 0, id));
    },
    async failOutbox(id, error) {
      bookkeeping(() => q.fail.run(error, id));
    },
    async pendingOutboxCount() {
      return q.pending.get()?.n ?? 0;
    },
    async supersedeOutbox(episodeId, afterId, kind) {
      return bookkeeping(() => q.supersede.run(episodeId, afterId, kind).changes);
    },
    async saveChecklist(checklist) {
      q.insertChecklist.run(checklist.id, JSON.stringify(checklist), clock().toISOString());
    },
    async getChecklist(id) {
      return loadChecklist(id);
    },
    async updateChecklist(id, change) {
      return updateChecklistTx(id, change);
    },
    async prune(before, limit) {
      const cutoff = before.toISOString();
      return {
        deliveries: q.pruneDeliveries.run(cutoff, limit).changes,
        outbox: q.pruneOutbox.run(cutoff, limit).changes,
      };
    },
    async ping() {
      return db.open;
    },
    async close() {
      wal.close();
      if (db.open) db.close();
    },
    async saveMute(mute) {
      mutes.saveMute(mute);
    },
    async listMutes(endsAfter) {
      return mutes.listMutes(endsAfter);
    },
    async mutedEpisodes(key) {
      return mutes.mutedEpisodes(key);
    },
    async claimOnce(key, at) {
      return mutes.claimOnce(key, at);
    },
    async episodeFactsBetween(from, to) {
      return mutes.factsBetween(from, to);
    },
    async openEpisodes(limit) {
      return mutes.openEpisodes(limit);
    },
  };
}
