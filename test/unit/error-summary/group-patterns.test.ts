import { describe, expect, it } from "vitest";
import { type ErrorEvent, groupPatterns } from "../../../src/error-summary/group-patterns.js";

const at = (iso: string) => new Date(iso);

// A ConnectionError burst from two ECS tasks, with the pool's host and port varying per event.
function connectionBurst(): ErrorEvent[] {
  const hosts = ["10.0.3.17", "10.0.3.18", "10.0.4.201"];
  return hosts.map((host, i) => ({
    message: `ERROR:tradai.backend:ConnectionError: HTTPConnectionPool(host='${host}', port=${5432 + i}): Max retries exceeded`,
    stream: `ecs/backend/${i % 2 === 0 ? "a1b2c3" : "d4e5f6"}`,
    time: at(`2024-05-01T10:0${i}:00Z`),
  }));
}

describe("groupPatterns", () => {
  it("merges variants of the same message that differ in hosts, ports and ids", () => {
    const events = connectionBurst();

    const { patterns, total, distinct } = groupPatterns(events);

    expect(distinct).toBe(1);
    expect(total).toBe(3);
    expect(patterns[0]).toMatchObject({
      pattern:
        "ERROR:tradai.backend:ConnectionError: HTTPConnectionPool(host='<ip>', port=<num>): Max retries exceeded",
      count: 3,
      share: 1,
      firstSeen: at("2024-05-01T10:00:00Z"),
      lastSeen: at("2024-05-01T10:02:00Z"),
      streams: ["ecs/backend/a1b2c3", "ecs/backend/d4e5f6"],
    });
  });

  it("groups Python tracebacks by their final exception, not by the frames", () => {
    const frame = (line: number) => `  File "/app/tradai/strategy/run.py", line ${line}, in run`;
    const events: ErrorEvent[] = [
      { message: `Traceback (most recent call last):\n${frame(10)}\nValueError: invalid pair 'ETH-XYZ'` },
      {
        message: `Traceback (most recent call last):\n${frame(99)}\n${frame(12)}\nValueError: invalid pair 'ETH-XYZ'`,
      },
      { message: "Traceback (most recent call last):\n  File \"/app/x.py\", line 3\nKeyError: 'symbol'" },
    ];

    const { patterns } = groupPatterns(events);

    expect(patterns.map((p) => [p.pattern, p.count])).toEqual([
      ["ValueError: invalid pair 'ETH-XYZ'", 2],
      ["KeyError: 'symbol'", 1],
    ]);
  });

  it("weights stats rows by their count and keeps the most frequent original as the sample", () => {
    const rows: ErrorEvent[] = [
      { message: "Mongo write failed after 120 ms", count: 4 },
      { message: "Mongo write failed after 250 ms", count: 9 },
      { message: "Moderation model timeout", count: 2 },
    ];

    const { patterns } = groupPatterns(rows, { total: 30 });

    expect(patterns[0]).toMatchObject({
      pattern: "Mongo write failed after <num> ms",
      count: 13,
      share: 13 / 30,
      sample: "Mongo write failed after 250 ms",
    });
    expect(patterns[0]?.firstSeen).toBeUndefined();
  });

  it("orders by count then pattern and truncates to max while reporting distinct groups", () => {
    const events: ErrorEvent[] = [
      { message: "b failed" },
      { message: "a failed" },
      { message: "c failed", count: 5 },
    ];

    const { patterns, distinct } = groupPatterns(events, { max: 2 });

    expect(patterns.map((p) => p.pattern)).toEqual(["c failed", "a failed"]);
    expect(distinct).toBe(3);
  });

  it("puts blank messages in one group and ignores zero counts", () => {
    const { patterns, total } = groupPatterns([
      { message: "" },
      { message: "  " },
      { message: "x", count: 0 },
    ]);

    expect(total).toBe(2);
    expect(patterns).toHaveLength(1);
    expect(patterns[0]?.pattern).toBe("(empty message)");
  });
});
