import { describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../../src/store/open-sqlite-database.js";
import { sqliteDueOutbox } from "../../../src/store/sqlite-due-outbox.js";
import {
  addMissingColumns,
  CORE_SCHEMA,
  INDEXES_ON_ADDED_COLUMNS,
} from "../../../src/store/sqlite-schema.js";

/** An outbox with the given pending rows: [episode, channel (null: stored before the column), due at]. */
function outbox(rows: readonly (readonly [string, string | null, number])[]) {
  const db = openSqliteDatabase(":memory:");
  db.exec(CORE_SCHEMA);
  addMissingColumns(db);
  db.exec(INDEXES_ON_ADDED_COLUMNS);
  const insert = db.prepare(
    "INSERT INTO outbox (episode_id, effect, next_attempt_at, created_at, channel) VALUES (?, '{}', ?, 'x', ?)",
  );
  for (const [episode, channel, at] of rows) insert.run(episode, at, channel);
  return db;
}

describe("sqliteDueOutbox", () => {
  it("hands out due heads of episodes oldest first, at most perChannel of one channel, old rows as one group", () => {
    // Prepare: ids 1–7; #busy has four episodes, e2's second item waits behind its first, id 6 is not due yet.
    const db = outbox([
      ["e1", "#busy", 0],
      ["e2", "#busy", 0],
      ["e2", "#busy", 0],
      ["e3", "#busy", 0],
      ["e4", null, 0],
      ["e5", "#quiet", 50],
      ["e6", "#quiet", 0],
    ]);
    const due = sqliteDueOutbox(db);

    // Act
    const shared = due(10, 10, 2).map((r) => r.id);
    const all = due(10, 10).map((r) => r.id);
    const capped = due(10, 3, 2).map((r) => r.id);

    // Assess
    expect(all).toEqual([1, 2, 4, 5, 7]);
    expect(shared).toEqual([1, 2, 5, 7]);
    expect(capped).toEqual([1, 2, 5]);
    db.close();
  });

  it("reads a channel's share through the pending rows' (channel, id) index, without sorting the backlog", () => {
    const db = outbox([]);

    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT o.id FROM outbox o INDEXED BY outbox_pending_by_channel
         WHERE o.status = 'pending' AND o.channel IS ? AND o.next_attempt_at <= ? ORDER BY o.id LIMIT 10`,
      )
      .all("#inc", 0) as { detail: string }[];

    const text = plan.map((r) => r.detail).join("\n");
    expect(text).toMatch(/USING INDEX outbox_pending_by_channel \(channel=\?\)/);
    expect(text).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});
