import type { ServiceConfig } from "../config/schema.js";
import { type Requester, serviceAccessDenial } from "../insights/service-access.js";
import { err, ok, type Result } from "../shared/result.js";
import { TraceError } from "./errors.js";

/**
 * The services a trace searches: the `wanted` names (every configured service when none are named), minus those
 * whose `allowedChannels`/`allowedUserGroups` exclude `requester`. A named service that is unknown or refused is
 * a usage error; unnamed refused services are only skipped, unless none is left. No requester (klaxon's own
 * traces) means no access check.
 */
export function selectTraceServices(
  services: Readonly<Record<string, ServiceConfig>>,
  wanted: readonly string[] | undefined,
  requester: Requester | undefined,
): Result<[string, ServiceConfig][], TraceError> {
  const all = Object.entries(services);
  if (all.length === 0) {
    return err(
      new TraceError(
        "trace_unknown_service",
        "No services are configured for /trace; add a `services:` section to klaxon.yaml (see klaxon.example.yaml).",
      ),
    );
  }
  const explicit = wanted !== undefined && wanted.length > 0;
  const unknown = explicit ? wanted.filter((w) => !Object.hasOwn(services, w)) : [];
  if (unknown.length > 0) {
    return err(
      new TraceError(
        "trace_unknown_service",
        `No service called ${unknown.join(", ")}. Configured services: ${all.map(([n]) => n).join(", ")}.`,
      ),
    );
  }
  const chosen = explicit ? all.filter(([name]) => wanted.includes(name)) : all;
  if (requester === undefined) return ok(chosen);
  const denials = chosen.flatMap(([name, service]) => serviceAccessDenial(name, service, requester) ?? []);
  const permitted = chosen.filter(
    ([name, service]) => serviceAccessDenial(name, service, requester) === undefined,
  );
  if (explicit && denials.length > 0)
    return err(new TraceError("trace_service_not_allowed", denials.join(" ")));
  if (permitted.length === 0) {
    return err(
      new TraceError(
        "trace_service_not_allowed",
        `No configured service may be traced here. ${denials.join(" ")}`,
      ),
    );
  }
  return ok(permitted);
}
