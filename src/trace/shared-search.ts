import type { ResultRow } from "../insights/logs-query-backend.js";
import { parseInsightsTimestamp } from "./timeline-fields.js";
import type { TraceWindow } from "./trace-windows.js";

/** Margin around the lines one service found that the other services search (async hops lag a little). */
export const FOUND_MARGIN_MS = 2 * 60_000;

/** Where a service searches next: a window, or a note on why it stops widening. */
export type NextSearch = { readonly window: TraceWindow } | { readonly stop: string };

/**
 * What the services of one trace share: when the narrowest round is over, and where the request was found. It
 * holds the widening policy: a service widens only once every service has searched the narrowest window, and if
 * one found the request there, the others search only around what it found instead of hours on either side.
 */
export interface SharedSearch {
  /** Marks a service's narrowest search over (idempotent per service). */
  firstDone(index: number): void;
  /** Records the rows a service found in `window`, widening the "found" span to cover them. */
  foundRows(service: string, rows: readonly ResultRow[], window: TraceWindow): void;
  readonly found: { service: string; startMs: number; endMs: number } | undefined;
  /**
   * The window service `index` searches next, given its `planned` window and the one it `searched` before
   * (undefined in the first round): the planned one in the first round; later, once every service's first round
   * is over, the span around what a service found (or a stop when the window searched already covers it), else
   * the planned wider window.
   */
  next(index: number, planned: TraceWindow, searched: TraceWindow | undefined): Promise<NextSearch>;
}

/** A {@link SharedSearch} for a trace whose `queried` services run queries (the others never report in). */
export function newSharedSearch(queried: number): SharedSearch {
  let release = () => {};
  const firstRound = new Promise<void>((resolve) => {
    release = resolve;
  });
  const done = new Set<number>();
  let found: SharedSearch["found"];
  if (queried === 0) release();
  const firstDone = (index: number): void => {
    if (done.has(index)) return;
    done.add(index);
    if (done.size >= queried) release();
  };
  return {
    firstDone,
    foundRows(service, rows, window) {
      const times = rows
        .map((r) => parseInsightsTimestamp(r.find((f) => f.field === "@timestamp")?.value))
        .filter((t): t is number => t !== undefined);
      const startMs = times.length > 0 ? Math.min(...times) : window.start.getTime();
      const endMs = times.length > 0 ? Math.max(...times) : window.end.getTime();
      found =
        found === undefined
          ? { service, startMs, endMs }
          : { ...found, startMs: Math.min(found.startMs, startMs), endMs: Math.max(found.endMs, endMs) };
    },
    get found() {
      return found;
    },
    async next(index, planned, searched) {
      if (searched === undefined) return { window: planned };
      firstDone(index);
      await firstRound;
      if (found === undefined) return { window: planned };
      const near = nearFound(found);
      if (covers(searched, near)) {
        return {
          stop: `Not widened: ${found.service} found the request at ${near.label}, inside the window already searched.`,
        };
      }
      return { window: near };
    },
  };
}

function nearFound(found: { startMs: number; endMs: number }): TraceWindow {
  const start = new Date(found.startMs - FOUND_MARGIN_MS);
  const end = new Date(found.endMs + FOUND_MARGIN_MS);
  return {
    start,
    end,
    label: `${start.toISOString().slice(11, 19)}–${end.toISOString().slice(11, 19)} UTC`,
  };
}

function covers(outer: TraceWindow, inner: TraceWindow): boolean {
  return outer.start.getTime() <= inner.start.getTime() && outer.end.getTime() >= inner.end.getTime();
}
