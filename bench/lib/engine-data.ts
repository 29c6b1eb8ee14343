import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateSamples } from "../../src/playground/samples/generate-samples.js";
import { DEFAULT_SAMPLE_NOW, type SampleIds } from "../../src/playground/samples/sample-ids.js";

const SIX_HOURS = 6 * 3_600_000;
/** Every sample line is a CloudWatch export event whose first key is the timestamp. */
const LINE = /^\{"timestamp":(\d+),/;

/** A large copy of the sample logs, laid out as the local engine expects (`<logsDir>/<group path>.jsonl`). */
export interface BenchLogs {
  readonly logsDir: string;
  readonly bytes: number;
  /** Log group → bytes of its file. */
  readonly groupBytes: ReadonlyMap<string, number>;
  /** How many times the six sample hours were repeated. */
  readonly copies: number;
  readonly seconds: number;
  /** Epoch ms covering every event. */
  readonly fromMs: number;
  readonly toMs: number;
  /** The well-known request IDs; each appears once per copy. */
  readonly ids: SampleIds;
}

interface SeedFile {
  readonly group: string;
  readonly stamps: number[];
  /** Each line after its timestamp digits, newline included. */
  readonly tails: string[];
  readonly bytes: number;
}

function readSeed(logsDir: string): SeedFile[] {
  const files = readdirSync(logsDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".jsonl"))
    .sort();
  return files.map((rel) => {
    const text = readFileSync(join(logsDir, rel), "utf8");
    const stamps: number[] = [];
    const tails: string[] = [];
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const m = LINE.exec(line);
      if (m?.[1] === undefined)
        throw new Error(`${rel}: a sample line does not start with {"timestamp":<ms>,`);
      stamps.push(Number(m[1]));
      tails.push(`${line.slice(m[0].length - 1)}\n`);
    }
    return { group: `/${rel.replace(/\.jsonl$/, "")}`, stamps, tails, bytes: Buffer.byteLength(text) };
  });
}

/**
 * Writes about `targetBytes` of JSONL under `<dir>/logs`: the playground's sample logs (generated once) repeated
 * back to back, each copy shifted six hours earlier, so the data keeps the real shapes, stays time-ordered per
 * file and every planted request recurs once per copy. Lines are rewritten only at their timestamp digits,
 * which keeps a gigabyte to a few seconds of writing.
 */
export function writeBenchLogs(dir: string, targetBytes: number): BenchLogs {
  const started = performance.now();
  const now = DEFAULT_SAMPLE_NOW;
  const summary = generateSamples({ out: join(dir, "seed"), now });
  const seed = readSeed(join(dir, "seed", "logs"));
  const seedBytes = seed.reduce((n, f) => n + f.bytes, 0);
  const copies = Math.max(1, Math.ceil(targetBytes / seedBytes));
  const logsDir = join(dir, "logs");
  const groupBytes = new Map<string, number>();
  let bytes = 0;
  for (const file of seed) {
    const path = join(logsDir, `${file.group.slice(1)}.jsonl`);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, "w");
    let written = 0;
    try {
      for (let k = copies - 1; k >= 0; k--) {
        const shift = k * SIX_HOURS;
        const parts: string[] = new Array(file.tails.length);
        for (let i = 0; i < file.tails.length; i++) {
          parts[i] = `{"timestamp":${(file.stamps[i] ?? 0) - shift}${file.tails[i] ?? ""}`;
        }
        written += writeSync(fd, parts.join(""));
      }
    } finally {
      closeSync(fd);
    }
    groupBytes.set(file.group, written);
    bytes += written;
  }
  return {
    logsDir,
    bytes,
    groupBytes,
    copies,
    seconds: (performance.now() - started) / 1000,
    fromMs: now.getTime() - copies * SIX_HOURS,
    toMs: now.getTime(),
    ids: summary.ids,
  };
}
