import type { AnchoredId } from "./anchor-id.js";

/** One time range to search, inclusive at both ends, with a label for the Slack reply. */
export interface TraceWindow {
  readonly start: Date;
  readonly end: Date;
  readonly label: string;
}

export interface TraceWindowOptions {
  /** Half-widths around an embedded time, narrowest first. Default ±5 min, ±30 min, ±3 h. */
  readonly aroundMs?: readonly number[];
  /** Look-backs from now when the ID carries no time, shortest first. Default 1 h, 6 h, 24 h. */
  readonly lookbackMs?: readonly number[];
  /** A window the user asked for explicitly (`/trace <id> 2h`); it replaces the sequence. */
  readonly requested?: { readonly start: Date; readonly end: Date };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Defaults: a request's lines sit within seconds of its ID time, but async hops (queues) can lag minutes. */
export const DEFAULT_AROUND_MS: readonly number[] = [5 * MINUTE, 30 * MINUTE, 3 * HOUR];
export const DEFAULT_LOOKBACK_MS: readonly number[] = [HOUR, 6 * HOUR, 24 * HOUR];

function formatSpan(ms: number): string {
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE} min`;
  return `${Math.round(ms / 1000)} s`;
}

function formatTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function around(time: Date, half: number, now: Date): TraceWindow {
  // Never ask for the future: clip at now, and keep the window's width when the ID time is just ahead of us.
  const end = Math.min(time.getTime() + half, now.getTime());
  const start = Math.min(time.getTime() - half, end - half);
  return {
    start: new Date(start),
    end: new Date(end),
    label: `±${formatSpan(half)} around ${formatTime(time)}`,
  };
}

function lookback(span: number, now: Date): TraceWindow {
  return { start: new Date(now.getTime() - span), end: now, label: `last ${formatSpan(span)}` };
}

function contains(outer: TraceWindow, inner: TraceWindow): boolean {
  return outer.start.getTime() <= inner.start.getTime() && outer.end.getTime() >= inner.end.getTime();
}

/**
 * The windows `/trace` tries in turn until one finds lines: around the ID's embedded time (±5 min, ±30 min,
 * ±3 h) when it has one, else look-backs from now (1 h, 6 h, 24 h). A merely probable time (a W3C id read as
 * an X-Ray epoch) is followed by the look-backs in case the guess was wrong. An explicit user window replaces
 * the sequence. Windows already covered by an earlier one are dropped, so no query is repeated.
 */
export function traceWindows(anchor: AnchoredId, now: Date, options: TraceWindowOptions = {}): TraceWindow[] {
  if (options.requested) {
    const { start, end } = options.requested;
    return [{ start, end, label: `${formatTime(start)} to ${formatTime(end)}` }];
  }
  const aroundMs = options.aroundMs ?? DEFAULT_AROUND_MS;
  const lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const candidates: TraceWindow[] = [];
  if (anchor.time) {
    const t = anchor.time;
    candidates.push(...aroundMs.map((h) => around(t, h, now)));
    if (anchor.timeConfidence === "probable") candidates.push(...lookbackMs.map((s) => lookback(s, now)));
  } else {
    candidates.push(...lookbackMs.map((s) => lookback(s, now)));
  }
  const out: TraceWindow[] = [];
  for (const w of candidates) {
    if (!out.some((prev) => contains(prev, w))) out.push(w);
  }
  return out;
}
