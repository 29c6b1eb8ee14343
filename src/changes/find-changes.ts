import type { Alarm, Partition } from "../alarms/alarm.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { Change, ChangesReport } from "./change.js";
import type { ChangesSource } from "./changes-source.js";
import { type DescribedChange, describeCloudTrailEvent } from "./describe-cloudtrail-event.js";
import { describeEcsDeployments, ecsServicesFor } from "./ecs-deployments.js";
import { alarmResourceNames, rankChanges } from "./rank-changes.js";

/** How much a lookup may read, and how long results are reused. */
export interface ChangesLimits {
  /** CloudTrail events read per lookup at most (pages of 50). */
  readonly maxEvents: number;
  /** How long one (region, window) result is reused, so a storm of alarms costs one lookup. */
  readonly cacheSeconds: number;
}

export interface ChangesDeps {
  readonly source: ChangesSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: ChangesLimits;
}

/** What to look for: a window in one region, and what to rank by (the alarm, the service and its resources). */
export interface ChangesRequest {
  readonly region: string;
  /** The account (alarm's id or an `accounts:` name) to read; klaxon's own when absent. */
  readonly account?: string;
  readonly partition: Partition;
  readonly startMs: number;
  readonly endMs: number;
  readonly alarm?: Alarm;
  /** The route's (or the command's) service name and its configured `resources`. */
  readonly serviceName?: string;
  readonly serviceResources?: readonly string[];
  /** Keep only changes whose resource names contain this (`/klaxon changes <resource>`). */
  readonly resourceFilter?: string;
}

/** A change finder with its cache: one instance per process, shared by first looks and `/klaxon changes`. */
export type FindChanges = (request: ChangesRequest) => Promise<ChangesReport>;

const WINDOW_BUCKET_MS = 60_000;

/**
 * Creates the "what changed" finder: CloudTrail write events and ECS deployments in the window, ranked by
 * relevance to the alarm and the service (see `rankChanges`), with one-line notes for what could not be read (a
 * missing permission is a note, not an error). Raw CloudTrail reads are cached per (region, window rounded
 * to the minute) for `cacheSeconds` (failures are not kept), and concurrent identical lookups share one call.
 */
export function createChangesFinder(deps: ChangesDeps): FindChanges {
  const cache = new Map<string, { readonly until: number; readonly value: Promise<TrailRead> }>();
  const readTrail = (request: ChangesRequest): Promise<TrailRead> => {
    const start = Math.floor(request.startMs / WINDOW_BUCKET_MS) * WINDOW_BUCKET_MS;
    const end = Math.ceil(request.endMs / WINDOW_BUCKET_MS) * WINDOW_BUCKET_MS;
    const key = `${request.account ?? ""}|${request.region}|${start}|${end}`;
    const now = deps.clock().getTime();
    for (const [k, v] of cache) if (v.until <= now) cache.delete(k);
    const hit = cache.get(key);
    if (hit) return hit.value;
    const value = lookupTrail(deps, request, start, end);
    cache.set(key, { until: now + deps.limits.cacheSeconds * 1000, value });
    // A failed read (throttled, denied) is not kept: the next alarm tries again.
    void value.then((read) => {
      if (read.failed) cache.delete(key);
    });
    return value;
  };

  return async (request) => {
    const ecsRefs = ecsServicesFor(request.alarm, request.serviceResources ?? []);
    const [trail, ecs] = await Promise.all([
      readTrail(request),
      ecsRefs.length > 0
        ? deps.source.describeEcsServices({
            region: request.region,
            ...(request.account !== undefined && { account: request.account }),
            services: ecsRefs,
          })
        : Promise.resolve(undefined),
    ]);
    const notes = [...trail.notes];
    const described: DescribedChange[] = trail.changes.filter((c) => {
      const t = Date.parse(c.at);
      return t >= request.startMs && t <= request.endMs;
    });
    if (ecs?.ok) {
      described.push(
        ...describeEcsDeployments(ecs.value, request, {
          region: request.region,
          partition: request.partition,
        }),
      );
    } else if (ecs) notes.push(ecs.error.message);
    const ranked = rankChanges(described, {
      alarmResources: request.alarm ? alarmResourceNames(request.alarm) : [],
      ...(request.alarm?.name !== undefined && { alarmName: request.alarm.name }),
      serviceResources: [
        ...(request.serviceName !== undefined ? [request.serviceName] : []),
        ...(request.serviceResources ?? []),
      ],
    });
    return {
      changes: request.resourceFilter !== undefined ? ranked.filter(matches(request.resourceFilter)) : ranked,
      notes,
      startMs: request.startMs,
      endMs: request.endMs,
    };
  };
}

interface TrailRead {
  readonly changes: readonly DescribedChange[];
  readonly notes: readonly string[];
  readonly failed?: boolean;
}

async function lookupTrail(
  deps: ChangesDeps,
  request: ChangesRequest,
  startMs: number,
  endMs: number,
): Promise<TrailRead> {
  const { region, partition } = request;
  try {
    const read = await deps.source.lookupWriteEvents({
      region,
      ...(request.account !== undefined && { account: request.account }),
      startMs,
      endMs,
      maxEvents: deps.limits.maxEvents,
    });
    if (!read.ok) return { changes: [], notes: [read.error.message], failed: true };
    const changes = read.value.events
      .map((e) => describeCloudTrailEvent(e, { region, partition }))
      .filter((c): c is DescribedChange => c !== undefined);
    const notes = read.value.truncated
      ? [
          `only the newest ${deps.limits.maxEvents} CloudTrail events were read; narrow the window to see older ones`,
        ]
      : [];
    return { changes, notes };
  } catch (error) {
    deps.logger.warn({ err: error, region }, "change lookup threw");
    return {
      changes: [],
      notes: ["the CloudTrail lookup failed unexpectedly; see klaxon's log"],
      failed: true,
    };
  }
}

function matches(filter: string): (c: Change) => boolean {
  const f = filter.toLowerCase();
  return (c) => [c.resource, c.detail, c.eventName].some((v) => v?.toLowerCase().includes(f));
}
