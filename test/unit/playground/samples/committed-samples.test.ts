import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generateSamples } from "../../../../src/playground/samples/generate-samples.js";
import { DEFAULT_SAMPLE_NOW } from "../../../../src/playground/samples/sample-ids.js";

const SAMPLES = fileURLToPath(new URL("../../../../samples/", import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const out = mkdtempSync(join(tmpdir(), "klaxon-samples-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// samples/logs and samples/alarms are generated but committed, because tests, docs and the bench read them at a
// fixed time (2026-11-20T12:00Z). This keeps the committed copy exactly what the generator writes today.
describe("the committed samples", () => {
  it("are what samples/generate-logs.ts writes at 2026-11-20T12:00Z, byte for byte", () => {
    // Act
    generateSamples({ out, now: DEFAULT_SAMPLE_NOW });

    // Assess
    for (const folder of ["logs", "alarms"]) {
      const fresh = filesUnder(join(out, folder));
      expect(
        filesUnder(join(SAMPLES, folder)),
        `samples/${folder}: run npx tsx samples/generate-logs.ts`,
      ).toEqual(fresh);
      for (const file of fresh) {
        const same = readFileSync(join(out, folder, file)).equals(readFileSync(join(SAMPLES, folder, file)));
        expect(same, `samples/${folder}/${file} differs; run npx tsx samples/generate-logs.ts`).toBe(true);
      }
    }
  });
});
