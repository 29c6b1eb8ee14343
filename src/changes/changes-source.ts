import type { Result } from "../shared/result.js";
import type { TrailEvent } from "./describe-cloudtrail-event.js";
import type { EcsServiceDescription, EcsServiceRef } from "./ecs-deployments.js";
import type { ChangesError } from "./errors.js";

/** Where klaxon reads changes from: CloudTrail and ECS in one region (AWS), or sample data (the playground). */
export interface ChangesSource {
  /** Write events (`ReadOnly=false`) in the window, newest first, at most `maxEvents` (then `truncated`). */
  lookupWriteEvents(input: {
    readonly region: string;
    /** The account (id or `accounts:` name) whose trail to read; klaxon's own when absent. */
    readonly account?: string;
    readonly startMs: number;
    readonly endMs: number;
    readonly maxEvents: number;
  }): Promise<Result<{ readonly events: readonly TrailEvent[]; readonly truncated: boolean }, ChangesError>>;
  /** The named ECS services with their deployments; unknown services are left out. */
  describeEcsServices(input: {
    readonly region: string;
    readonly account?: string;
    readonly services: readonly EcsServiceRef[];
  }): Promise<Result<readonly EcsServiceDescription[], ChangesError>>;
}
