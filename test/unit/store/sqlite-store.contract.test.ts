import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../../src/store/sqlite-store.js";
import { describeStoreContract } from "./store-contract.js";

const clock = () => new Date("2026-11-20T10:30:00Z");

describeStoreContract("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-contract-"));
  const path = join(dir, "klaxon.db");
  const opened = [openSqliteStore(path, clock)];
  const [store] = opened;
  if (!store) throw new Error("unreachable");
  return {
    store,
    async reopen() {
      const again = openSqliteStore(path, clock);
      opened.push(again);
      return again;
    },
    async cleanup() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
