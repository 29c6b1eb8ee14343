import picomatch from "picomatch";
import type { Route } from "../config/schema.js";
import { err, ok, type Result } from "../shared/result.js";
import type { MuteMatch } from "./mute-window.js";

/** A parsed `/klaxon mute` request. */
export interface MuteRequest {
  readonly match: MuteMatch;
  readonly endsAt: Date;
  readonly reason?: string;
}

export const MUTE_USAGE =
  "Usage: `/klaxon mute <alarm-glob|route> <duration|until time> [reason]`, e.g. `/klaxon mute batch-* 2h nightly reindex` or `/klaxon mute api-latency until 14:30 deploy`. Durations: `30m`, `2h`, `1d` (at most 30 days); times are UTC (`until 14:30`, `until 2026-12-06T14:30Z`).";

const MAX_MS = 30 * 86_400_000;
const DURATION = /^(\d{1,5})([mhd])$/;
const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d{1,3})?Z$/;
const TARGET = /^[\w.*?:/#@-]{1,200}$/;

/**
 * Parses `<target> <duration|until time> [reason]`. The target is a route when it names (or its glob matches) a
 * configured route, `route:<glob>` to say so explicitly, else an alarm-name glob. Problems come back as text that
 * tells the user what to type.
 */
export function parseMuteArgs(
  text: string,
  routes: readonly Route[],
  now: Date,
): Result<MuteRequest, string> {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const [target, when, ...rest] = words;
  if (target === undefined || when === undefined) return err(MUTE_USAGE);
  if (!TARGET.test(target))
    return err(`\`${target.slice(0, 60)}\` is not an alarm-name glob or a route name. ${MUTE_USAGE}`);
  let endsAt: Date | undefined;
  let reasonWords = rest;
  const d = DURATION.exec(when.toLowerCase());
  if (d) {
    const unit = d[2] === "m" ? 60_000 : d[2] === "h" ? 3_600_000 : 86_400_000;
    endsAt = new Date(now.getTime() + Number(d[1]) * unit);
  } else if (when.toLowerCase() === "until") {
    const [time, ...after] = rest;
    reasonWords = after;
    endsAt = time === undefined ? undefined : untilTime(time, now);
    if (!endsAt)
      return err(`\`until\` needs a UTC time such as \`14:30\` or \`2026-12-06T14:30Z\`. ${MUTE_USAGE}`);
  } else {
    return err(`\`${when.slice(0, 40)}\` is not a duration. ${MUTE_USAGE}`);
  }
  const length = endsAt.getTime() - now.getTime();
  if (length <= 0) return err("That time has already passed: give a time in the future (UTC).");
  if (length > MAX_MS)
    return err("A mute lasts at most 30 days; for recurring windows use `mutes:` in klaxon.yaml.");
  const reason = reasonWords.join(" ").slice(0, 200);
  return ok({ match: muteTarget(target, routes), endsAt, ...(reason.length > 0 && { reason }) });
}

function untilTime(text: string, now: Date): Date | undefined {
  const t = CLOCK_TIME.exec(text);
  if (t) {
    const at = new Date(now);
    at.setUTCHours(Number(t[1]), Number(t[2]), 0, 0);
    // A time earlier today means tomorrow.
    return at.getTime() <= now.getTime() ? new Date(at.getTime() + 86_400_000) : at;
  }
  if (!ISO_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function muteTarget(target: string, routes: readonly Route[]): MuteMatch {
  if (target.toLowerCase().startsWith("route:")) return { route: target.slice("route:".length) };
  const names = routes.flatMap((r) => (r.name !== undefined ? [r.name] : []));
  const isRoute = names.some((n) => picomatch.isMatch(n, target, { nocase: true, dot: true }));
  return isRoute ? { route: target } : { alarmName: target };
}

/**
 * The user groups that may mute `match`: a route target needs one of the groups of each matching route that sets
 * `muteUserGroups`; an alarm glob may hit any route, so it needs them for every route that sets them. Empty list
 * of requirements = anyone may.
 */
export function requiredMuteGroups(match: MuteMatch, routes: readonly Route[]): (readonly string[])[] {
  const covered = routes.filter(
    (r) =>
      match.route === undefined ||
      (r.name !== undefined && picomatch.isMatch(r.name, match.route, { nocase: true, dot: true })),
  );
  return covered.flatMap((r) => (r.muteUserGroups !== undefined ? [r.muteUserGroups] : []));
}
