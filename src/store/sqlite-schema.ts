/** The core tables: deliveries (dedupe), alarm state, episodes, the outbox and checklists. */
export const CORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  message_id TEXT PRIMARY KEY,
  alarm_key TEXT NOT NULL,
  alarm_json TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alarm_state (
  alarm_key TEXT PRIMARY KEY,
  last_state_time TEXT NOT NULL,
  open_episode_id TEXT
);
CREATE TABLE IF NOT EXISTS episodes (
  id TEXT PRIMARY KEY,
  alarm_key TEXT NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  episode_id TEXT NOT NULL,
  effect TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  last_error TEXT,
  first_attempt_at INTEGER,
  channel TEXT
);
CREATE TABLE IF NOT EXISTS checklists (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, episode_id, id);
CREATE INDEX IF NOT EXISTS deliveries_received ON deliveries (received_at);
`;

/** Columns added after a table was first released, as `[table, column, type]`: added to older databases on open. */
const ADDED_COLUMNS: readonly (readonly [string, string, string])[] = [
  ["outbox", "first_attempt_at", "INTEGER"],
  // Where each item goes, so a batch can take a share of each channel's items (NULL on rows stored before).
  ["outbox", "channel", "TEXT"],
];

/** Indexes on added columns: created once `addMissingColumns` has run, so an older database has the columns. */
export const INDEXES_ON_ADDED_COLUMNS = `
CREATE INDEX IF NOT EXISTS outbox_pending_by_channel ON outbox (channel, id) WHERE status = 'pending';
`;

/** Brings a database created by an older klaxon up to the current schema (columns only ever get added). */
export function addMissingColumns(db: { prepare(sql: string): { all(): unknown[]; run(): unknown } }): void {
  for (const [table, column, type] of ADDED_COLUMNS) {
    const present = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some(
      (c) => c.name === column,
    );
    if (!present) db.prepare(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`).run();
  }
}
