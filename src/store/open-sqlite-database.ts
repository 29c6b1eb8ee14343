import Database from "better-sqlite3";

// better-sqlite3 12 wraps databases and statements in node::ObjectWrap. From Node 24.19 its destructor checks for
// a current Node environment, and V8 collecting one outside JavaScript (an idle-time or exit-time GC) aborts the
// process ("Assertion failed: (env) != nullptr" in Statement::~Statement). Version 13, built on Node-API, has no
// such destructor but needs Node 22. Until klaxon drops Node 20, no wrapper may become garbage: every database and
// statement opened here stays reachable until the process exits, when Node's own cleanup hooks free them. A
// process opens one store, so what is kept is a few dozen statements; test processes that open many keep more.
const keptUntilExit: object[] = [];

/**
 * Opens a SQLite database whose wrapper and prepared statements are never garbage collected (see above), so
 * klaxon runs on Node 24 with better-sqlite3 12. Use it for every database klaxon opens; never `db.pragma()`,
 * which prepares a statement outside `prepare`.
 */
export function openSqliteDatabase(path: string, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  keptUntilExit.push(db);
  const prepare = db.prepare.bind(db);
  const keptPrepare = (source: string) => {
    const statement = prepare(source);
    keptUntilExit.push(statement);
    return statement;
  };
  db.prepare = keptPrepare as Database.Database["prepare"];
  return db;
}

/** How many wrappers are kept (for the test that proves statements are kept). */
export function keptWrapperCount(): number {
  return keptUntilExit.length;
}
