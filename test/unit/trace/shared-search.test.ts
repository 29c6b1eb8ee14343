import { describe, expect, it } from "vitest";
import type { ResultRow } from "../../../src/insights/logs-query-backend.js";
import { FOUND_MARGIN_MS, newSharedSearch } from "../../../src/trace/shared-search.js";
import type { TraceWindow } from "../../../src/trace/trace-windows.js";

const T0 = Date.parse("2025-10-27T18:00:00.000Z");
const MIN = 60_000;
const window = (startMin: number, endMin: number): TraceWindow => ({
  start: new Date(T0 + startMin * MIN),
  end: new Date(T0 + endMin * MIN),
  label: `${startMin}..${endMin}`,
});
const NARROW = window(-15, 15);
const WIDE = window(-120, 120);
const rowAt = (ms: number): ResultRow => [{ field: "@timestamp", value: new Date(ms).toISOString() }];

describe("newSharedSearch", () => {
  it("searches the planned window in the first round without waiting for anyone", async () => {
    const shared = newSharedSearch(2);

    await expect(shared.next(0, NARROW, undefined)).resolves.toEqual({ window: NARROW });
  });

  it("widens only after every queried service finished its first round", async () => {
    // Prepare
    const shared = newSharedSearch(2);
    let widened = false;
    const next = shared.next(0, WIDE, NARROW).then((n) => {
      widened = true;
      return n;
    });
    await Promise.resolve();
    const beforeOthers = widened;

    // Act
    shared.firstDone(1);

    // Assess
    expect(beforeOthers).toBe(false);
    await expect(next).resolves.toEqual({ window: WIDE });
  });

  it("searches only around what another service found, with a margin, instead of the wider window", async () => {
    // Prepare: service 1 found the request 30 and 32 minutes after T0, outside the narrow window.
    const shared = newSharedSearch(2);
    shared.foundRows("payments", [rowAt(T0 + 30 * MIN), rowAt(T0 + 32 * MIN)], NARROW);
    shared.firstDone(1);

    // Act
    const next = await shared.next(0, WIDE, NARROW);

    // Assess
    expect(next).toEqual({
      window: {
        start: new Date(T0 + 30 * MIN - FOUND_MARGIN_MS),
        end: new Date(T0 + 32 * MIN + FOUND_MARGIN_MS),
        label: "18:28:00–18:34:00 UTC",
      },
    });
  });

  it("stops widening when what another service found lies inside the window already searched", async () => {
    const shared = newSharedSearch(2);
    shared.foundRows("payments", [rowAt(T0)], NARROW);
    shared.firstDone(1);

    const next = await shared.next(0, WIDE, NARROW);

    expect(next).toEqual({
      stop: "Not widened: payments found the request at 17:58:00–18:02:00 UTC, inside the window already searched.",
    });
  });
});
