import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The log group {@link writeHostileLogs} fills, and a klaxon service over it. */
export const HOSTILE_GROUP = "/hostile/app";
export const HOSTILE_SERVICE_YAML = `services:
  hostile:
    logGroups: ["${HOSTILE_GROUP}"]
`;

const MARGIN_MS = 60_000;

/** A base64-like blob with no `/`, so it is one long run of the characters an e-mail local part may hold. */
function blob(bytes: number): string {
  return randomBytes(Math.ceil((bytes * 3) / 4))
    .toString("base64")
    .replaceAll("/", "+")
    .slice(0, bytes);
}

/**
 * One distinct hostile error line: an address, a 4 KB blob, an e-mail-looking run of `a@` pairs and a long run
 * of dashes, the inputs that once made pattern masking quadratic.
 */
export function hostileLine(i: number, blobBytes = 4096): string {
  return `ERROR delivery ${i} to user${i}.ops@mail.example.com failed payload=${blob(blobBytes)} echo ${"a@".repeat(200)} ${"-".repeat(300)}`;
}

/**
 * Writes `<dir>/hostile/app.jsonl`: `perWindow` distinct hostile error lines in each of the three windows
 * `/errors` reads for a 1 h window ending at `nowMs` (the hour, the hour before, the same hour a day earlier),
 * a minute inside each window's edges so a `now` up to a minute later still sees every line in its window.
 */
export function writeHostileLogs(
  dir: string,
  nowMs: number,
  perWindow: number,
): { lines: number; bytes: number } {
  const hour = 3_600_000;
  const starts = [nowMs - hour, nowMs - 2 * hour, nowMs - 24 * hour - hour];
  const lines: string[] = [];
  for (const [w, start] of starts.entries()) {
    for (let i = 0; i < perWindow; i++) {
      const timestamp = start + MARGIN_MS + Math.floor((i * (hour - 2 * MARGIN_MS)) / perWindow);
      const message = hostileLine(w * perWindow + i);
      lines.push(JSON.stringify({ timestamp, message, logStreamName: `app/${i % 4}` }));
    }
  }
  mkdirSync(join(dir, "hostile"), { recursive: true });
  const text = `${lines.join("\n")}\n`;
  writeFileSync(join(dir, "hostile", "app.jsonl"), text);
  return { lines: lines.length, bytes: Buffer.byteLength(text) };
}

/** 64 KB lines built to make a backtracking pattern re-scan long runs of the characters it accepts. */
export function hostileLineShapes(bytes = 64 * 1024): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  return {
    digits: fill("1"),
    letters: fill("A1"),
    dashes: fill("-"),
    dots: fill("a."),
    dotted: fill("1."),
    colons: fill("1:"),
    dates: fill("2024-01-01T00:00:00."),
    at: fill("a@"),
    hexWithTail: `${fill("ab").slice(1)}g`,
    escapedQuotes: fill('"\\'),
    quotes: fill("'a"),
    base64: blob(bytes),
  };
}
