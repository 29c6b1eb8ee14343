import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { MASK_RULES, maskMessage } from "../../../src/error-summary/mask-message.js";
import { VARIABLE_TOKENS } from "../../../src/insights/local-engine/group-patterns.js";
import { hostileLineShapes } from "../../fakes/hostile-logs.js";

const KB64 = 64 * 1024;
const hostileLines = () => hostileLineShapes(KB64);

/**
 * Counts the quantifiers that have no upper bound (`+`, `*`, `{n,}`) outside character classes and escapes. A
 * rule may only have them when it starts with a negative look-behind, which keeps it from starting a match
 * inside a run it would re-scan.
 */
function unboundedQuantifiers(source: string): number {
  const plain = source.replace(/\\./g, "e").replace(/\[[^\]]*\]/g, "c");
  return (plain.match(/[+*]|\{\d+,\}/g) ?? []).length;
}

/**
 * Runs every pattern over every line in a worker thread and resolves with whether it finished within
 * `limitMs`. A quadratic pattern needs seconds per 64 KB line, a linear one well under a millisecond, so the
 * generous limit only separates the two; the figures themselves are in bench/mask.ts.
 */
function finishesInWorker(
  patterns: readonly RegExp[],
  lines: readonly string[],
  limitMs: number,
): Promise<boolean> {
  const code = `
    const { workerData, parentPort } = require("node:worker_threads");
    for (const { source, flags } of workerData.patterns)
      for (const line of workerData.lines) line.replace(new RegExp(source, flags), "x");
    parentPort.postMessage("done");`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { patterns: patterns.map((p) => ({ source: p.source, flags: p.flags })), lines },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(false);
    }, limitMs);
    worker.once("message", () => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(true);
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe("maskMessage on hostile lines", () => {
  it("has no unbounded quantifier in a rule that is not anchored by a look-behind", () => {
    // Prepare/Act
    const unanchored = MASK_RULES.filter(
      (rule) => unboundedQuantifiers(rule.pattern.source) > 0 && !rule.pattern.source.startsWith("(?<!"),
    ).map((rule) => rule.name);

    // Assess
    expect(unanchored).toEqual([]);
  });

  it.each(MASK_RULES.map((rule) => [rule.name, rule.pattern] as const))(
    "rule %s gets through every 64 KB hostile line",
    async (_name, pattern) => {
      // Prepare
      const lines = Object.values(hostileLines());

      // Act
      const finished = await finishesInWorker([pattern], lines, 15_000);

      // Assess
      expect(finished).toBe(true);
    },
    30_000,
  );

  it("the local engine's pattern masking gets through every 64 KB hostile line", async () => {
    const finished = await finishesInWorker([VARIABLE_TOKENS], Object.values(hostileLines()), 15_000);

    expect(finished).toBe(true);
  }, 30_000);

  it("masks a 64 KB line of an e-mail address and a base64 blob to the usual pattern", () => {
    // Prepare
    const blob = "Qm9vbTEyMzQ1Njc4OQ".repeat(Math.ceil(KB64 / 18)).slice(0, KB64);
    const line = `ERROR delivery to alice.smith+ops@mail.example.com failed, payload ${blob}`;

    // Act
    const masked = maskMessage(line);

    // Assess
    expect(masked).toBe("ERROR delivery to <email> failed, payload <id>");
  });

  it("still masks an address that follows a long run of address characters", () => {
    const masked = maskMessage(`${"x-".repeat(1500)} from bob@example.org`, { maxLength: 10_000 });

    expect(masked.endsWith(" from <email>")).toBe(true);
  });
});
