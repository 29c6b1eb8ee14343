import type { Rng } from "./rng.js";

/** One line of a CloudWatch Logs export, the shape `samples/logs/**.jsonl` holds. */
export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly logStreamName: string;
}

/** What every system generator gets: the PRNG, the covered range and a volume multiplier. */
export interface GenContext {
  readonly rng: Rng;
  /** End of the covered range (Unix ms). */
  readonly now: number;
  /** Start of the covered range (Unix ms). */
  readonly start: number;
  readonly scale: number;
}

/** Log group name → its events (unsorted; the writer sorts). */
export type LogGroups = Map<string, LogEvent[]>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Adds an event to a group's list. */
export function emit(groups: LogGroups, group: string, event: LogEvent): void {
  const list = groups.get(group);
  if (list) list.push(event);
  else groups.set(group, [event]);
}

/** Request start times: a Poisson-ish process at `perHour`, denser by `spikeFactor` inside the spike window. */
export function arrivals(
  ctx: GenContext,
  perHour: number,
  spike?: { readonly from: number; readonly factor: number },
): number[] {
  const out: number[] = [];
  let t = ctx.start + ctx.rng.int(0, 60_000);
  while (t < ctx.now - 15_000) {
    out.push(t);
    const rate = (perHour * ctx.scale * (spike && t >= spike.from ? spike.factor : 1)) / 3_600_000;
    t += Math.max(50, Math.round(-Math.log(Math.max(ctx.rng.next(), 1e-9)) / rate));
  }
  return out;
}

/** `2026-11-20 11:35:12,345`, Python logging's default asctime, in UTC. */
export function pythonTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace("T", " ").replace(".", ",");
}
