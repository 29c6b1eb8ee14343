import type {
  ListTagsForResourceCommand,
  ListTagsForResourceCommandOutput,
} from "@aws-sdk/client-cloudwatch";
import type { Alarm } from "../alarms/alarm.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

/** An alarm's resource tags, key to value. */
export type AlarmTags = Readonly<Record<string, string>>;

export interface AlarmTagLookupDeps {
  /** CloudWatch `ListTagsForResource` on the alarm ARN, in the alarm's own region and account. */
  readonly listTags: (arn: string, region: string, account: string | undefined) => Promise<AlarmTags>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface AlarmTagLookupOptions {
  /** How long tags (or a failed read, as "untagged") are reused. */
  readonly ttlMs: number;
  /** How long routing waits for a first read of an alarm's tags before routing it as untagged. */
  readonly waitMs: number;
}

/** Alarms whose tags are remembered at most; the oldest go first. */
const MAX_CACHED = 5_000;

interface Entry {
  readonly until: number;
  readonly tags: Promise<AlarmTags>;
  settled?: AlarmTags;
}

/**
 * Reads and caches alarms' tags for `match.tags` routes. The SNS answer waits for routing, and routing happens
 * once, inside the store's atomic ingest that also queues the Slack post: re-routing later would mean moving an
 * open episode (its storm count, its thread) to another channel, or posting in the wrong one first. So the
 * lookup is a short bounded wait instead: cached tags answer at once, and an alarm seen for the first time in
 * `ttlMs` waits at most `waitMs` for its read. A read still running then routes this notification as untagged
 * and fills the cache for the next one; a failed read (no `cloudwatch:ListTagsForResource` in that account, a
 * deleted alarm) routes as untagged for `ttlMs` and is logged once per alarm.
 */
export function createAlarmTagLookup(
  deps: AlarmTagLookupDeps,
  options: AlarmTagLookupOptions,
): (alarm: Alarm) => Promise<AlarmTags | undefined> {
  const cache = new Map<string, Entry>();
  const warned = new Set<string>();
  const read = (arn: string, region: string, account: string | undefined, now: number): Entry => {
    const entry: Entry = {
      until: now + options.ttlMs,
      tags: deps.listTags(arn, region, account).then(
        (tags) => {
          entry.settled = tags;
          return tags;
        },
        (error: unknown) => {
          if (!warned.has(arn)) {
            if (warned.size >= MAX_CACHED) warned.clear();
            warned.add(arn);
            deps.logger.warn(
              { alarmArn: arn, account, region, err: error instanceof Error ? error.message : String(error) },
              "could not read the alarm's tags (grant cloudwatch:ListTagsForResource in its account); routing it as untagged",
            );
          }
          entry.settled = {};
          return {};
        },
      ),
    };
    return entry;
  };
  return async (alarm) => {
    if (alarm.arn === undefined || alarm.region === undefined) return undefined;
    const now = deps.clock().getTime();
    let entry = cache.get(alarm.arn);
    if (entry === undefined || entry.until <= now) {
      cache.delete(alarm.arn);
      if (cache.size >= MAX_CACHED) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      entry = read(alarm.arn, alarm.region, alarm.accountId, now);
      cache.set(alarm.arn, entry);
    }
    if (entry.settled !== undefined) return entry.settled;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), options.waitMs);
      timer.unref();
    });
    try {
      return await Promise.race([entry.tags, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * How long an alarm seen for the first time waits for its tags: short next to SNS's 15 s delivery time-out, and
 * paid once per alarm per cache period.
 */
export const TAG_WAIT_MS = 1_000;

/** CloudWatch `ListTagsForResource` on an alarm ARN, as a key → value map. */
export async function listAlarmTags(
  client: { send(command: ListTagsForResourceCommand): Promise<ListTagsForResourceCommandOutput> },
  arn: string,
): Promise<AlarmTags> {
  const { ListTagsForResourceCommand } = (await import("@aws-sdk/client-cloudwatch")).default;
  const out = await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
  const tags: Record<string, string> = {};
  for (const t of out.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
  return tags;
}
