import type { Requester } from "../insights/service-access.js";
import type { Result } from "../shared/result.js";
import type { TraceError } from "./errors.js";
import { parseTraceArgs } from "./parse-trace-args.js";
import { planTrace, type TraceDeps } from "./run-trace.js";
import type { TracePlan } from "./trace-state.js";

/**
 * Turns the text of a `/trace` slash command into a plan ready to execute: splits the ID, window and
 * `services=` filter, then validates them against the config and the services' `allowedChannels` and
 * `allowedUserGroups` for `requester`. Every problem is a `TraceError` whose message tells the user what to type
 * (or whom to ask) instead, and no query has run yet when it comes back.
 */
export function planTraceCommand(
  deps: TraceDeps,
  text: string,
  requester?: Requester,
): Result<TracePlan, TraceError> {
  const args = parseTraceArgs(text);
  if (!args.ok) return args;
  return planTrace(deps, { ...args.value, ...(requester !== undefined && { requester }) });
}
