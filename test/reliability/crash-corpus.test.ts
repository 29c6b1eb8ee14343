import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashCorpus, hostileRequest, LEAK_MARKS, rawRequest } from "../fakes/hostile-requests.js";
import { type KlaxonProcess, spawnKlaxon } from "../fakes/klaxon-process.js";
import { sendRaw } from "../fakes/raw-http.js";
import { scaled } from "./reliability-helpers.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RANDOM = scaled(200, 3000);
const SEED = 20261206;

describe("reliability: the crash corpus against `npm start` (the playground) as its own process", () => {
  let bot: KlaxonProcess;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "klaxon-crash-"));
    // The repository's own runbooks: package.json sits two levels above what a traversal would need to reach.
    bot = await spawnKlaxon({
      KLAXON_DB: join(dir, "data", "klaxon.db"),
      KLAXON_RUNBOOKS_DIR: join(ROOT, "runbooks"),
      KLAXON_LOG_LEVEL: "error",
    });
    await bot.ready(30_000);
  }, 40_000);
  afterAll(async () => {
    await bot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`answers the crash corpus and ${RANDOM} random raw requests with no 5xx, no file outside runbooks/, and stays up`, async () => {
    const port = Number(new URL(bot.url).port);
    const requests = [...crashCorpus(), ...fc.sample(hostileRequest, { numRuns: RANDOM, seed: SEED })];
    const classes: Record<string, number> = {};
    const leaks: string[] = [];
    for (const request of requests) {
      const answer = await sendRaw(port, request);
      const cls = answer.status === undefined ? "closed" : `${String(answer.status).slice(0, 1)}xx`;
      classes[cls] = (classes[cls] ?? 0) + 1;
      if (LEAK_MARKS.some((m) => answer.text.includes(m))) leaks.push(request.slice(0, 80));
    }
    const health = await sendRaw(port, rawRequest("GET", "/healthz"));
    const alive = bot.child.exitCode === null && bot.child.signalCode === null;

    const figures = ["2xx", "3xx", "4xx", "5xx", "closed"].map((c) => `${c} ${classes[c] ?? 0}`).join(", ");
    console.log(
      `reliability: crash corpus requests ${requests.length} (${crashCorpus().length} fixed + ${RANDOM} random), ${figures}, leaks ${leaks.length}, process alive ${alive}, /healthz ${health.status}`,
    );
    expect(alive, bot.stderr().slice(-2000)).toBe(true);
    expect(health.status).toBe(200);
    expect(classes["5xx"] ?? 0).toBe(0);
    expect(leaks).toEqual([]);
  });
});
