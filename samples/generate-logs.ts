/**
 * Writes the sample logs and alarms the playground, the local Insights engine and the tests use:
 * `samples/logs/<log group path>.jsonl` (CloudWatch export events, one per line, time-ordered) and
 * `samples/alarms/*.json` (CloudWatch alarm SNS `Message` payloads). Deterministic for a given seed and `--now`.
 *
 *   npx tsx samples/generate-logs.ts [--out dir] [--scale N] [--now ISO|now] [--seed N]
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSamples } from "../src/playground/samples/generate-samples.js";
import { DEFAULT_SAMPLE_NOW } from "../src/playground/samples/sample-ids.js";

const HERE = dirname(fileURLToPath(import.meta.url));

function get(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

const argv = process.argv.slice(2);
const nowArg = get(argv, "--now");
const now = nowArg === undefined ? DEFAULT_SAMPLE_NOW : nowArg === "now" ? new Date() : new Date(nowArg);
if (Number.isNaN(now.getTime())) throw new Error(`--now ${nowArg}: expected an ISO time such as 2026-11-20T12:00:00Z, or "now"`);
const scale = Number(get(argv, "--scale") ?? "1");
if (!(scale > 0 && scale <= 50)) throw new Error("--scale: expected a number between 0 and 50");
const seed = Number(get(argv, "--seed") ?? "20261120");
if (!Number.isInteger(seed)) throw new Error("--seed: expected an integer");
const summary = generateSamples({ out: get(argv, "--out") ?? HERE, now, scale, seed });
for (const g of summary.groups) console.log(`${g.group}: ${g.events} events`);
console.log(`${summary.total} events, now=${now.toISOString()}, dynamoai reqId=${summary.ids.dynamoaiReqId}`);
