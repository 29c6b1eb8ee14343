import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLogEvents, toLogEvent } from "../../../../src/insights/local-engine/load-jsonl.js";

let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "klaxon-jsonl-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(file: string) {
  const events = [];
  for await (const event of readLogEvents(file)) events.push(event);
  return events;
}

describe("readLogEvents", () => {
  it("reads a pretty-printed `aws logs filter-log-events` document as a whole", async () => {
    // Prepare
    const file = join(dir, "pretty.jsonl");
    const doc = {
      events: [{ timestamp: 1000, message: "a", logStreamName: "s", ingestionTime: 2000, eventId: "1" }],
    };
    await writeFile(file, JSON.stringify(doc, null, 2));

    // Act
    const events = await collect(file);

    // Assess
    expect(events).toEqual([
      { timestamp: 1000, message: "a", logStream: "s", ingestionTime: 2000, parsed: undefined },
    ]);
  });

  it("skips lines that are not JSON or carry no time", async () => {
    // Prepare
    const file = join(dir, "mixed.jsonl");
    await writeFile(file, '{"time":"2025-01-01T00:00:00Z","msg":"x"}\nnot json\n{"msg":"no time"}\n');

    // Act
    const events = await collect(file);

    // Assess
    expect(events.map((e) => [e.timestamp, e.message])).toEqual([
      [Date.parse("2025-01-01T00:00:00Z"), '{"time":"2025-01-01T00:00:00Z","msg":"x"}'],
    ]);
  });
});

describe("toLogEvent", () => {
  it("reads epoch seconds in a plain object's timestamp as milliseconds", () => {
    // Act
    const event = toLogEvent({ "@timestamp": 1_765_188_000, level: "info" }, "{}");

    // Assess
    expect(event?.timestamp).toBe(1_765_188_000_000);
  });
});
