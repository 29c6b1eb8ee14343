/**
 * Writes the sample logs and alarms the playground, the local Insights engine and the tests use:
 * `samples/logs/<log group path>.jsonl` (CloudWatch export events, one per line, time-ordered) and
 * `samples/alarms/*.json` (CloudWatch alarm SNS `Message` payloads). Deterministic for a given seed and `--now`.
 *
 *   npx tsx samples/generate-logs.ts [--out dir] [--scale N] [--now ISO|now] [--seed N]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { alarmJson, sampleAlarms } from "./gen/alarms.js";
import { generateAxonFlow } from "./gen/axonflow.js";
import { generateDynamo } from "./gen/dynamo.js";
import { generateDynamoAi } from "./gen/dynamoai.js";
import { Rng } from "./gen/rng.js";
import { generateTradAi } from "./gen/tradai.js";
import { type GenContext, HOUR, type LogGroups } from "./gen/types.js";
import { DEFAULT_SAMPLE_NOW, sampleIdsFor } from "./sample-ids.js";

interface Args {
  readonly out: string;
  readonly scale: number;
  readonly now: Date;
  readonly seed: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: readonly string[]): Args {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const nowArg = get("--now");
  const now = nowArg === undefined ? DEFAULT_SAMPLE_NOW : nowArg === "now" ? new Date() : new Date(nowArg);
  if (Number.isNaN(now.getTime())) throw new Error(`--now ${nowArg}: expected an ISO time such as 2026-11-20T12:00:00Z, or "now"`);
  const scale = Number(get("--scale") ?? "1");
  if (!(scale > 0 && scale <= 50)) throw new Error("--scale: expected a number between 0 and 50");
  const seed = Number(get("--seed") ?? "20261120");
  if (!Number.isInteger(seed)) throw new Error("--seed: expected an integer");
  return { out: get("--out") ?? HERE, scale, now, seed };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const now = args.now.getTime();
  const ids = sampleIdsFor(args.now);
  const groups: LogGroups = new Map();
  // Each system gets its own stream of random numbers, so changing one generator leaves the others' files as they were.
  const ctx = (salt: number): GenContext => ({ rng: new Rng(args.seed ^ salt), now, start: now - 6 * HOUR, scale: args.scale });
  generateDynamoAi(ctx(0x1d1a), groups, ids);
  generateTradAi(ctx(0x7dad), groups, ids);
  generateDynamo(ctx(0xd7a0), groups, ids);
  generateAxonFlow(ctx(0xa70f), groups, ids);

  const logsDir = join(args.out, "logs");
  rmSync(logsDir, { recursive: true, force: true });
  let total = 0;
  for (const [group, events] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const kept = events.filter((e) => e.timestamp <= now).sort((a, b) => a.timestamp - b.timestamp);
    const file = join(logsDir, `${group.replace(/^\//, "")}.jsonl`);
    mkdirSync(dirname(file), { recursive: true });
    const text = kept
      .map((e) => JSON.stringify({ timestamp: e.timestamp, message: e.message, logStreamName: e.logStreamName }))
      .join("\n");
    writeFileSync(file, `${text}\n`);
    total += kept.length;
    console.log(`${group}: ${kept.length} events`);
  }

  const alarmsDir = join(args.out, "alarms");
  rmSync(alarmsDir, { recursive: true, force: true });
  mkdirSync(alarmsDir, { recursive: true });
  for (const [name, message] of sampleAlarms(now)) writeFileSync(join(alarmsDir, name), alarmJson(message));
  console.log(`${total} events, now=${args.now.toISOString()}, dynamoai reqId=${ids.dynamoaiReqId}`);
}

main();
