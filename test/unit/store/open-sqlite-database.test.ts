import { describe, expect, it } from "vitest";
import { keptWrapperCount, openSqliteDatabase } from "../../../src/store/open-sqlite-database.js";

describe("openSqliteDatabase", () => {
  it("keeps the database and every statement it prepares reachable, also after close", () => {
    // Prepare
    const before = keptWrapperCount();

    // Act
    const db = openSqliteDatabase(":memory:");
    db.exec("CREATE TABLE t (n INTEGER)");
    db.prepare("INSERT INTO t (n) VALUES (?)").run(1);
    const row = db.prepare<[], { n: number }>("SELECT n FROM t").get();
    db.close();

    // Assess: one database and two statements are held, so no collection can destroy their wrappers.
    expect(row).toEqual({ n: 1 });
    expect(keptWrapperCount() - before).toBe(3);
  });
});
