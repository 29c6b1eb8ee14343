import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { alarmJson, sampleAlarms } from "./alarms.js";
import { generateAxonFlow } from "./axonflow.js";
import { generateDynamo } from "./dynamo.js";
import { generateDynamoAi } from "./dynamoai.js";
import { Rng } from "./rng.js";
import { type SampleIds, sampleIdsFor } from "./sample-ids.js";
import { generateTradAi } from "./tradai.js";
import { type GenContext, HOUR, type LogGroups } from "./types.js";

/** How to generate: where, ending when, how much traffic, which random seed. */
export interface SampleOptions {
  readonly out: string;
  readonly now: Date;
  readonly scale?: number;
  readonly seed?: number;
}

/** What was written: event counts per log group and the well-known IDs that appear in the logs. */
export interface SampleSummary {
  readonly groups: readonly { readonly group: string; readonly events: number }[];
  readonly total: number;
  readonly ids: SampleIds;
}

/**
 * Writes the sample logs (`<out>/logs/<log group path>.jsonl`, CloudWatch export events, time-ordered) and alarm
 * payloads (`<out>/alarms/*.json`) for the seed systems, covering the six hours before `now`, with an error spike
 * in the last hour. Deterministic for a given seed and `now`; the playground calls it at start so the data is
 * recent, and the committed copy under `samples/` is the same generator at a fixed time.
 */
export function generateSamples(options: SampleOptions): SampleSummary {
  const now = options.now.getTime();
  const seed = options.seed ?? 20261120;
  const scale = options.scale ?? 1;
  const ids = sampleIdsFor(options.now);
  const groups: LogGroups = new Map();
  // Each system gets its own stream of random numbers, so changing one generator leaves the others' files as they were.
  const ctx = (salt: number): GenContext => ({
    rng: new Rng(seed ^ salt),
    now,
    start: now - 6 * HOUR,
    scale,
  });
  generateDynamoAi(ctx(0x1d1a), groups, ids);
  generateTradAi(ctx(0x7dad), groups, ids);
  generateDynamo(ctx(0xd7a0), groups, ids);
  generateAxonFlow(ctx(0xa70f), groups, ids);

  const logsDir = join(options.out, "logs");
  rmSync(logsDir, { recursive: true, force: true });
  const written: { group: string; events: number }[] = [];
  for (const [group, events] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const kept = events.filter((e) => e.timestamp <= now).sort((a, b) => a.timestamp - b.timestamp);
    const file = join(logsDir, `${group.replace(/^\//, "")}.jsonl`);
    mkdirSync(dirname(file), { recursive: true });
    const text = kept
      .map((e) =>
        JSON.stringify({ timestamp: e.timestamp, message: e.message, logStreamName: e.logStreamName }),
      )
      .join("\n");
    writeFileSync(file, `${text}\n`);
    written.push({ group, events: kept.length });
  }

  const alarmsDir = join(options.out, "alarms");
  rmSync(alarmsDir, { recursive: true, force: true });
  mkdirSync(alarmsDir, { recursive: true });
  for (const [name, message] of sampleAlarms(now)) writeFileSync(join(alarmsDir, name), alarmJson(message));
  return { groups: written, total: written.reduce((n, g) => n + g.events, 0), ids };
}
