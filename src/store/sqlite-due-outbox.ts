import type { Database } from "better-sqlite3";

/** An outbox row as the store reads it to hand an item out. */
export interface OutboxRow {
  id: number;
  effect: string;
  attempts: number;
  created_at: string;
  last_error: string | null;
  first_attempt_at: number | null;
}

// The oldest pending item of each episode only, so each thread stays in order.
const HEAD_OF_EPISODE =
  "NOT EXISTS (SELECT 1 FROM outbox p WHERE p.status = 'pending' AND p.episode_id = o.episode_id AND p.id < o.id)";
const COLUMNS = "o.id, o.effect, o.attempts, o.created_at, o.last_error, o.first_attempt_at";

/**
 * The due outbox rows at `now` (epoch ms), oldest first, at most `limit`; with `perChannel`, at most that many
 * of one channel. A channel's share is read through the pending rows' `(channel, id)` index, so it costs the rows
 * of that channel it reads, not a sort of the whole backlog; rows stored before the column (channel NULL) form
 * one group.
 */
export function sqliteDueOutbox(
  db: Database,
): (now: number, limit: number, perChannel?: number) => OutboxRow[] {
  const due = db.prepare<[number, number], OutboxRow>(
    `SELECT ${COLUMNS} FROM outbox o
     WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND ${HEAD_OF_EPISODE}
     ORDER BY o.id LIMIT ?`,
  );
  const channels = db.prepare<[], { channel: string | null }>(
    "SELECT DISTINCT channel FROM outbox INDEXED BY outbox_pending_by_channel WHERE status = 'pending'",
  );
  const dueInChannel = db.prepare<[string | null, number, number], OutboxRow>(
    `SELECT ${COLUMNS} FROM outbox o INDEXED BY outbox_pending_by_channel
     WHERE o.status = 'pending' AND o.channel IS ? AND o.next_attempt_at <= ? AND ${HEAD_OF_EPISODE}
     ORDER BY o.id LIMIT ?`,
  );
  return (now, limit, perChannel) => {
    if (perChannel === undefined || perChannel >= limit) return due.all(now, limit);
    const share = Math.max(1, perChannel);
    return channels
      .all()
      .flatMap(({ channel }) => dueInChannel.all(channel, now, share))
      .sort((a, b) => a.id - b.id)
      .slice(0, limit);
  };
}
