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
  last_error TEXT
);
CREATE TABLE IF NOT EXISTS checklists (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, episode_id, id);
CREATE INDEX IF NOT EXISTS deliveries_received ON deliveries (received_at);
`;
