import { describe, expect, it } from "vitest";
import type { AnchoredId } from "../../../src/trace/anchor-id.js";
import { traceWindows } from "../../../src/trace/trace-windows.js";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const iso = (w: { start: Date; end: Date }) => [w.start.toISOString(), w.end.toISOString()];

describe("traceWindows", () => {
  it("widens around an exact embedded time: ±5 min, ±30 min, ±3 h", () => {
    const anchor: AnchoredId = {
      id: "6de75f10-e4d6-11f1-9ee0-09606a1108f9",
      kind: "uuid-v1",
      time: new Date("2026-11-20T08:00:00.000Z"),
      timeConfidence: "exact",
      searchValues: ["6de75f10-e4d6-11f1-9ee0-09606a1108f9"],
    };

    const windows = traceWindows(anchor, NOW);

    expect(windows.map(iso)).toEqual([
      ["2026-11-20T07:55:00.000Z", "2026-11-20T08:05:00.000Z"],
      ["2026-11-20T07:30:00.000Z", "2026-11-20T08:30:00.000Z"],
      ["2026-11-20T05:00:00.000Z", "2026-11-20T11:00:00.000Z"],
    ]);
    expect(windows[0]?.label).toBe("±5 min around 2026-11-20 08:00:00 UTC");
  });

  it("never ends in the future and keeps the width when the ID time is close to now", () => {
    const anchor: AnchoredId = {
      id: "x",
      kind: "ulid",
      time: new Date("2026-11-20T11:58:00.000Z"),
      timeConfidence: "exact",
      searchValues: ["x"],
    };

    const [first] = traceWindows(anchor, NOW);

    expect(first && iso(first)).toEqual(["2026-11-20T11:53:00.000Z", "2026-11-20T12:00:00.000Z"]);
  });

  it("looks back 1 h, 6 h, 24 h from now when the ID has no time", () => {
    const anchor: AnchoredId = {
      id: "req-7f3a9c2e41b8",
      kind: "generic",
      searchValues: ["req-7f3a9c2e41b8"],
    };

    const windows = traceWindows(anchor, NOW);

    expect(windows.map((w) => w.label)).toEqual(["last 1 h", "last 6 h", "last 24 h"]);
    expect(windows.map(iso)[2]).toEqual(["2026-11-19T12:00:00.000Z", "2026-11-20T12:00:00.000Z"]);
  });

  it("falls back to look-backs after a probable time, skipping ones already covered", () => {
    const anchor: AnchoredId = {
      id: "w",
      kind: "w3c",
      time: new Date("2026-11-20T11:50:00.000Z"),
      timeConfidence: "probable",
      searchValues: ["w"],
    };

    const labels = traceWindows(anchor, NOW).map((w) => w.label);

    expect(labels).toEqual([
      "±5 min around 2026-11-20 11:50:00 UTC",
      "±30 min around 2026-11-20 11:50:00 UTC",
      "±3 h around 2026-11-20 11:50:00 UTC",
      "last 6 h",
      "last 24 h",
    ]);
  });

  it("uses only the window the user asked for", () => {
    const anchor: AnchoredId = { id: "abcd", kind: "generic", searchValues: ["abcd"] };
    const requested = { start: new Date("2026-11-20T09:30:00Z"), end: new Date("2026-11-20T10:00:00Z") };

    const windows = traceWindows(anchor, NOW, { requested });

    expect(windows).toEqual([{ ...requested, label: "2026-11-20 09:30:00 UTC to 2026-11-20 10:00:00 UTC" }]);
  });
});
