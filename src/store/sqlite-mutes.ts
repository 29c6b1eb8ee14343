import type Database from "better-sqlite3";
import type { Episode } from "../incidents/episode.js";
import type { MuteWindow } from "../mutes/mute-window.js";
import { type EpisodeFacts, episodeFacts } from "../reports/episode-facts.js";

/** Tables of mute windows, the episodes opened under them, report facts by opening time, and one-time claims. */
export const MUTE_SCHEMA = `
CREATE TABLE IF NOT EXISTS mutes (
  id TEXT PRIMARY KEY,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mutes_ends ON mutes (ends_at);
CREATE TABLE IF NOT EXISTS muted_episodes (
  mute_key TEXT NOT NULL,
  episode_id TEXT NOT NULL,
  PRIMARY KEY (mute_key, episode_id)
);
CREATE TABLE IF NOT EXISTS episode_facts (
  id TEXT PRIMARY KEY,
  opened_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS episode_facts_opened ON episode_facts (opened_at);
CREATE INDEX IF NOT EXISTS episodes_unresolved ON episodes (status) WHERE status != 'resolved';
CREATE TABLE IF NOT EXISTS claims (
  key TEXT PRIMARY KEY,
  claimed_at TEXT NOT NULL
);
`;

/** The SQLite side of mute windows, report facts and claims (schema already created). */
export function sqliteMutes(db: Database.Database, loadEpisode: (id: string) => Episode | undefined) {
  const q = {
    put: db.prepare(
      `INSERT INTO mutes (id, starts_at, ends_at, body) VALUES (?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, body = excluded.body`,
    ),
    list: db.prepare<[string], { body: string }>(
      "SELECT body FROM mutes WHERE ends_at > ? ORDER BY starts_at, id",
    ),
    index: db.prepare("INSERT OR IGNORE INTO muted_episodes (mute_key, episode_id) VALUES (?, ?)"),
    episodes: db.prepare<[string], { episode_id: string }>(
      "SELECT episode_id FROM muted_episodes WHERE mute_key = ? ORDER BY episode_id",
    ),
    putFacts: db.prepare(
      `INSERT INTO episode_facts (id, opened_at, body) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET opened_at = excluded.opened_at, body = excluded.body`,
    ),
    facts: db.prepare<[string, string], { body: string }>(
      "SELECT body FROM episode_facts WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at, id",
    ),
    open: db.prepare<[number], { body: string }>(
      "SELECT body FROM episodes WHERE status != 'resolved' LIMIT ?",
    ),
    claim: db.prepare("INSERT OR IGNORE INTO claims (key, claimed_at) VALUES (?, ?)"),
  };
  return {
    /** Records an episode under its mute and in the report index; called inside the episode's write transaction. */
    indexEpisode(e: Episode): void {
      if (e.muted) q.index.run(e.muted.key, e.id);
      q.putFacts.run(e.id, e.openedAt, JSON.stringify(episodeFacts(e)));
    },
    factsBetween(from: Date, to: Date): EpisodeFacts[] {
      return q.facts.all(from.toISOString(), to.toISOString()).map((r) => JSON.parse(r.body) as EpisodeFacts);
    },
    saveMute(m: MuteWindow): void {
      q.put.run(m.id, m.startsAt, m.endsAt, JSON.stringify(m));
    },
    listMutes(endsAfter: Date): MuteWindow[] {
      return q.list.all(endsAfter.toISOString()).map((r) => JSON.parse(r.body) as MuteWindow);
    },
    mutedEpisodes(key: string): Episode[] {
      return q.episodes.all(key).flatMap((r) => loadEpisode(r.episode_id) ?? []);
    },
    openEpisodes(limit: number): Episode[] {
      return q.open
        .all(limit)
        .map((r) => JSON.parse(r.body) as Episode)
        .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    },
    claimOnce(key: string, at: Date): boolean {
      return q.claim.run(key, at.toISOString()).changes === 1;
    },
  };
}
