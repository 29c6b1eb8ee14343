import type { MuteMatch, MuteWindow } from "./mute-window.js";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const WEEK_MS = 7 * 86_400_000;
const WEEKLY = /^([A-Za-z]{3}) (\d{2}):(\d{2})-(\d{2}):(\d{2}) UTC$/;

/** A weekly window: start as minutes after Sunday 00:00 UTC, and its length in minutes. */
export interface WeeklySpec {
  readonly startMinute: number;
  readonly lengthMinutes: number;
}

/**
 * Parses `Sun 02:00-04:00 UTC` (a day, a start and an end time in UTC; an end at or before the start runs past
 * midnight into the next day). Undefined when the text is not of that form.
 */
export function parseWeekly(text: string): WeeklySpec | undefined {
  const m = WEEKLY.exec(text.trim());
  if (!m) return undefined;
  const day = DAYS.indexOf((m[1] ?? "").toLowerCase() as (typeof DAYS)[number]);
  const [h1, m1, h2, m2] = [m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number];
  if (day < 0 || h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 === 24 && m2 > 0)) return undefined;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  const length = end > start ? end - start : end + 1440 - start;
  return { startMinute: day * 1440 + start, lengthMinutes: length };
}

// 1970-01-04 was a Sunday: weeks are counted from there.
const SUNDAY_EPOCH_MS = 3 * 86_400_000;

/** The start (ms) of the newest occurrence that began at or before `at`. */
function lastStart(spec: WeeklySpec, at: number): number {
  const offset = spec.startMinute * 60_000;
  const weeks = Math.floor((at - SUNDAY_EPOCH_MS - offset) / WEEK_MS);
  return SUNDAY_EPOCH_MS + weeks * WEEK_MS + offset;
}

/** A configured recurring window, as given in klaxon.yaml (`mutes:`). */
export interface ConfiguredMute {
  readonly match: { readonly route?: string | undefined; readonly alarmName?: string | undefined };
  readonly weekly: string;
  readonly reason?: string | undefined;
}

/**
 * The newest occurrence of each configured window that started at or before `at` (active or already over), as
 * mute windows keyed `config-<index>-<start>`, so each occurrence's end is announced once.
 */
export function configuredOccurrences(configured: readonly ConfiguredMute[], at: Date): MuteWindow[] {
  return configured.flatMap((c, i) => {
    const spec = parseWeekly(c.weekly);
    if (!spec) return [];
    const start = lastStart(spec, at.getTime());
    const startsAt = new Date(start).toISOString();
    return [
      {
        id: `config-${i + 1}-${startsAt.slice(0, 16).replace(/[-:]/g, "")}`,
        match: {
          ...(c.match.route !== undefined && { route: c.match.route }),
          ...(c.match.alarmName !== undefined && { alarmName: c.match.alarmName }),
        } satisfies MuteMatch,
        startsAt,
        endsAt: new Date(start + spec.lengthMinutes * 60_000).toISOString(),
        ...(c.reason !== undefined && { reason: c.reason }),
        createdBy: "config",
        createdAt: startsAt,
      },
    ];
  });
}
