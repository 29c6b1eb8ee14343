import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { Logger } from "../shared/logger.js";
import { err, ok } from "../shared/result.js";
import type { ChangesSource } from "./changes-source.js";
import type { TrailEvent } from "./describe-cloudtrail-event.js";
import type { EcsServiceDescription } from "./ecs-deployments.js";
import { ChangesError } from "./errors.js";
import type { Sleep } from "./rate-limiter.js";
import { timerSleep } from "./rate-limiter.js";

const PAGE_SIZE = 50;
const THROTTLE_RETRIES = 2;
const THROTTLE_BACKOFF_MS = 1_000;
const SERVICES_PER_CALL = 10;

export interface AwsChangesSourceDeps {
  readonly cloudtrailForRegion: (region: string, account?: string) => Pick<CloudTrailClient, "send">;
  readonly ecsForRegion: (region: string, account?: string) => Pick<ECSClient, "send">;
  /**
   * Resolves when a call for this key may start (the shared LookupEvents limiter). The key is the region, or
   * `<account>|<region>` for another account: the quota is per account and region.
   */
  readonly limit: (region: string) => Promise<void>;
  readonly logger: Logger;
  readonly sleep?: Sleep;
}

/** Maps an SDK error to a change-lookup error whose message tells the operator the fix. */
export function mapChangesError(error: unknown, action: string): ChangesError {
  const name = error instanceof Error ? error.name : "";
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name)) {
    return new ChangesError(
      "changes_access_denied",
      `klaxon may not call ${action}; add it to klaxon's IAM policy to see changes here`,
      { cause: error },
    );
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/i.test(name)) {
    return new ChangesError("changes_throttled", `${action} was throttled; try again in a minute`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ChangesError("changes_failed", `${action} failed: ${message.slice(0, 200)}`, { cause: error });
}

/**
 * Reads changes from AWS: CloudTrail `LookupEvents` (write events only, paginated up to the event cap, every
 * page through the shared per-region limiter, throttling retried twice with backoff) and ECS `DescribeServices`
 * (ten services a call). Failures come back as values naming the missing permission or the throttle.
 */
export function createAwsChangesSource(deps: AwsChangesSourceDeps): ChangesSource {
  const sleep = deps.sleep ?? timerSleep;
  const withRetry = async <T>(region: string, call: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      await deps.limit(region);
      try {
        return await call();
      } catch (error) {
        const mapped = mapChangesError(error, "cloudtrail:LookupEvents");
        if (mapped.code !== "changes_throttled" || attempt >= THROTTLE_RETRIES) throw error;
        await sleep(THROTTLE_BACKOFF_MS * 2 ** attempt);
      }
    }
  };
  return {
    async lookupWriteEvents({ region, account, startMs, endMs, maxEvents }) {
      const client = deps.cloudtrailForRegion(region, account);
      // The SDK packages load with the first lookup rather than at start.
      const { LookupEventsCommand } = (await import("@aws-sdk/client-cloudtrail")).default;
      const limitKey = account === undefined ? region : `${account}|${region}`;
      const events: TrailEvent[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await withRetry(limitKey, () =>
            client.send(
              new LookupEventsCommand({
                LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
                StartTime: new Date(startMs),
                EndTime: new Date(endMs),
                MaxResults: Math.min(PAGE_SIZE, maxEvents - events.length),
                ...(token !== undefined && { NextToken: token }),
              }),
            ),
          );
          events.push(...(page.Events ?? []));
          token = page.NextToken;
        } while (token !== undefined && events.length < maxEvents);
      } catch (error) {
        return err(mapChangesError(error, "cloudtrail:LookupEvents"));
      }
      return ok({ events, truncated: token !== undefined });
    },
    async describeEcsServices({ region, account, services }) {
      const client = deps.ecsForRegion(region, account);
      const { DescribeServicesCommand } = (await import("@aws-sdk/client-ecs")).default;
      const byCluster = new Map<string, string[]>();
      for (const s of services) byCluster.set(s.cluster, [...(byCluster.get(s.cluster) ?? []), s.service]);
      const out: EcsServiceDescription[] = [];
      try {
        for (const [cluster, names] of byCluster) {
          for (let i = 0; i < names.length; i += SERVICES_PER_CALL) {
            const page = await client.send(
              new DescribeServicesCommand({ cluster, services: names.slice(i, i + SERVICES_PER_CALL) }),
            );
            out.push(...(page.services ?? []));
          }
        }
      } catch (error) {
        return err(mapChangesError(error, "ecs:DescribeServices"));
      }
      return ok(out);
    },
  };
}
