import type Database from "better-sqlite3";
import type { AlarmHistory } from "../incidents/alarm-history.js";
import type { Decision } from "../incidents/decision.js";
import type { Episode, Transition } from "../incidents/episode.js";
import { awaitsEscalation } from "../incidents/escalation.js";
import type { StormDigest } from "../incidents/storm-digest.js";
import type { IncomingNotification } from "./store.js";

/** Tables of storms, flapping and escalation; created next to the core tables. */
export const INCIDENT_SCHEMA = `
CREATE TABLE IF NOT EXISTS alarm_history (
  alarm_key TEXT PRIMARY KEY,
  last_episode_id TEXT,
  flips TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS channel_opens (
  channel TEXT NOT NULL,
  opened_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS channel_opens_recent ON channel_opens (channel, opened_ms);
CREATE TABLE IF NOT EXISTS channel_digest (
  channel TEXT PRIMARY KEY,
  digest_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS digests (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS escalation_due (
  episode_id TEXT PRIMARY KEY,
  opened_at TEXT NOT NULL
);
`;

const MINUTE_MS = 60_000;
// Opens are only ever counted over the last minute; an hour of them is kept so clock skew between the
// notifications' receive times cannot drop one that still counts.
const KEEP_OPENS_MS = 60 * MINUTE_MS;

/** The SQLite side of storms, flapping and escalation; every method runs inside the caller's transaction. */
export interface SqliteIncidents {
  /** The history fields beyond the open episode: last episode, flips, channel opens, digest, receive time. */
  history(input: IncomingNotification, alarmKey: string, open: Episode | undefined): Partial<AlarmHistory>;
  /** Keeps the escalation index in step with an episode just written. */
  indexEpisode(e: Episode): void;
  /** Saves what an ingest decision carries besides the episode: flips, last episode, digest, channel count. */
  saveIngest(decision: Decision, input: IncomingNotification, alarmKey: string): void;
  getDigest(id: string): StormDigest | undefined;
  /** Records the first post of a digest (its channel id and ts). */
  digestPosted(id: string, channel: string, ts: string, nowIso: string): void;
  escalationCandidates(openedBefore: Date, limit: number): string[];
}

/** Prepares the statements of {@link SqliteIncidents} on an open database (schema already created). */
export function sqliteIncidents(
  db: Database.Database,
  loadEpisode: (id: string) => Episode | undefined,
): SqliteIncidents {
  const q = {
    history: db.prepare<[string], { last_episode_id: string | null; flips: string }>(
      "SELECT last_episode_id, flips FROM alarm_history WHERE alarm_key = ?",
    ),
    putLast: db.prepare(
      `INSERT INTO alarm_history (alarm_key, last_episode_id) VALUES (?, ?)
       ON CONFLICT(alarm_key) DO UPDATE SET last_episode_id = excluded.last_episode_id`,
    ),
    putFlips: db.prepare(
      `INSERT INTO alarm_history (alarm_key, flips) VALUES (?, ?)
       ON CONFLICT(alarm_key) DO UPDATE SET flips = excluded.flips`,
    ),
    countOpens: db.prepare<[string, number], { n: number }>(
      "SELECT COUNT(*) AS n FROM channel_opens WHERE channel = ? AND opened_ms > ?",
    ),
    addOpen: db.prepare("INSERT INTO channel_opens (channel, opened_ms) VALUES (?, ?)"),
    pruneOpens: db.prepare("DELETE FROM channel_opens WHERE channel = ? AND opened_ms < ?"),
    channelDigest: db.prepare<[string], { digest_id: string }>(
      "SELECT digest_id FROM channel_digest WHERE channel = ?",
    ),
    putChannelDigest: db.prepare(
      `INSERT INTO channel_digest (channel, digest_id) VALUES (?, ?)
       ON CONFLICT(channel) DO UPDATE SET digest_id = excluded.digest_id`,
    ),
    digest: db.prepare<[string], { body: string }>("SELECT body FROM digests WHERE id = ?"),
    putDigest: db.prepare(
      `INSERT INTO digests (id, body, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    ),
    indexPut: db.prepare("INSERT OR REPLACE INTO escalation_due (episode_id, opened_at) VALUES (?, ?)"),
    indexDelete: db.prepare("DELETE FROM escalation_due WHERE episode_id = ?"),
    candidates: db.prepare<[string, number], { episode_id: string }>(
      "SELECT episode_id FROM escalation_due WHERE opened_at <= ? ORDER BY opened_at, episode_id LIMIT ?",
    ),
  };

  const getDigest = (id: string): StormDigest | undefined => {
    const row = q.digest.get(id);
    return row ? (JSON.parse(row.body) as StormDigest) : undefined;
  };

  return {
    history(input, alarmKey, open) {
      const row = q.history.get(alarmKey);
      const lastEpisode = !open && row?.last_episode_id ? loadEpisode(row.last_episode_id) : undefined;
      const flips = row ? (JSON.parse(row.flips) as Transition[]) : [];
      const channel = input.channel;
      const receivedMs = Date.parse(input.receivedAt);
      const digestId =
        open?.digestId ?? (channel === undefined ? undefined : q.channelDigest.get(channel)?.digest_id);
      const digest = digestId === undefined ? undefined : getDigest(digestId);
      return {
        flips,
        receivedAt: input.receivedAt,
        ...(lastEpisode && { lastEpisode }),
        ...(digest && { digest }),
        ...(channel !== undefined && {
          channelOpensLastMinute: q.countOpens.get(channel, receivedMs - MINUTE_MS)?.n ?? 0,
        }),
      };
    },
    indexEpisode(e) {
      if (awaitsEscalation(e)) q.indexPut.run(e.id, e.openedAt);
      else q.indexDelete.run(e.id);
    },
    saveIngest(decision, input, alarmKey) {
      if (decision.ignored?.startsWith("stale")) return;
      if (decision.flips) q.putFlips.run(alarmKey, JSON.stringify(decision.flips));
      const nowIso = input.receivedAt;
      if (decision.episode) q.putLast.run(alarmKey, decision.episode.id);
      if (decision.digest) q.putDigest.run(decision.digest.id, JSON.stringify(decision.digest), nowIso);
      const channel = decision.openedInChannel;
      if (channel === undefined) return;
      const receivedMs = Date.parse(input.receivedAt);
      q.pruneOpens.run(channel, receivedMs - KEEP_OPENS_MS);
      q.addOpen.run(channel, receivedMs);
      if (decision.digest) q.putChannelDigest.run(channel, decision.digest.id);
    },
    getDigest,
    digestPosted(id, channel, ts, nowIso) {
      const digest = getDigest(id);
      if (!digest || digest.slackTs !== undefined) return;
      q.putDigest.run(id, JSON.stringify({ ...digest, slackChannel: channel, slackTs: ts }), nowIso);
    },
    escalationCandidates(openedBefore, limit) {
      return q.candidates.all(openedBefore.toISOString(), limit).map((r) => r.episode_id);
    },
  };
}
