import type { ServiceConfig } from "../config/schema.js";
import { type Requester, serviceAccessDenial } from "../insights/service-access.js";
import { parseTimeWindow, type TimeWindow } from "../insights/time-window.js";
import { err, ok, type Result } from "../shared/result.js";
import { ErrorsUsageError } from "./errors.js";

/** What `/errors` looks at: a configured service, or one log group named literally. */
export interface ErrorsTarget {
  /** The service key, or the log group name for an ad-hoc target. */
  readonly name: string;
  readonly service: ServiceConfig;
  /** True when the target was a literal log group with the default error condition. */
  readonly adHoc: boolean;
}

/** A validated `/errors` request: the target and the current window (epoch seconds). */
export interface ErrorsArgs {
  readonly target: ErrorsTarget;
  readonly window: TimeWindow;
}

/** Options of {@link parseErrorsArgs}. */
export interface ParseErrorsArgsOptions {
  readonly services: Readonly<Record<string, ServiceConfig>>;
  readonly now: Date;
  /** Window when none is given. Default `1h`. */
  readonly defaultWindow?: string;
  /** Longest window accepted. Default `24h`. */
  readonly maxWindow?: string;
  /** `errors.allowAnyLogGroup`: accept a literal log group besides the configured services. Default false. */
  readonly allowAnyLogGroup?: boolean;
}

/** The error condition a literal log group gets: no level field, the usual words of failure. */
export const AD_HOC_ERROR_PATTERN = "ERROR|Exception|Traceback";
export const ERRORS_USAGE = "/errors <service|/log/group> [window]";
const DEFAULT_WINDOW = "1h";
const MAX_WINDOW = "24h";
/** CloudWatch's log group name alphabet and length. */
const LOG_GROUP_NAME = /^[A-Za-z0-9_\-./#]{1,512}$/;

/**
 * Parses `/errors <service|log-group> [window]`. The first word is a configured service name or, when it starts
 * with `/` and `allowAnyLogGroup` is on, a log group searched with `@message like /ERROR|Exception|Traceback/`
 * (an ad-hoc `ServiceConfig`);
 * the rest is the window (`15m`, `2h`, `since 09:30`, ISO ranges; default 1h, at most 24h). Everything is
 * validated here so no query runs for a typo; failures are `ErrorsUsageError`s listing the configured services.
 */
export function parseErrorsArgs(
  text: string,
  options: ParseErrorsArgsOptions,
): Result<ErrorsArgs, ErrorsUsageError> {
  const trimmed = text.trim();
  const [first = "", ...rest] = trimmed.split(/\s+/);
  const target = resolveErrorsTarget(first, options.services, options.allowAnyLogGroup ?? false);
  if (!target.ok) return target;
  const window = parseTimeWindow(rest.join(" "), {
    now: options.now,
    defaultWindow: options.defaultWindow ?? DEFAULT_WINDOW,
    maxWindow: options.maxWindow ?? MAX_WINDOW,
  });
  if (!window.ok) {
    return err(
      new ErrorsUsageError("spikes_invalid_window", `${window.error.message} Usage: ${ERRORS_USAGE}.`, {
        cause: window.error,
      }),
    );
  }
  return ok({ target: target.value, window: window.value });
}

/**
 * Resolves a `/errors` target name: a configured service (exact key), or, only with `allowAnyLogGroup`, a literal
 * log group starting with `/` that becomes an ad-hoc service. Without the opt-in a log group is refused, because
 * the bot's role may read far more than the team meant to expose in a channel. Anything else is an
 * `ErrorsUsageError` naming the services one can ask for.
 */
export function resolveErrorsTarget(
  name: string,
  services: Readonly<Record<string, ServiceConfig>>,
  allowAnyLogGroup = false,
): Result<ErrorsTarget, ErrorsUsageError> {
  const known = Object.keys(services).sort();
  const orLogGroup = allowAnyLogGroup ? "; or give a log group starting with /" : "";
  const listing =
    known.length > 0
      ? `Configured services: ${known.join(", ")}${orLogGroup}.`
      : `No services are configured (services: in klaxon.yaml)${orLogGroup}.`;
  if (name === "") {
    return err(new ErrorsUsageError("spikes_missing_target", `Usage: ${ERRORS_USAGE}. ${listing}`));
  }
  const service = Object.hasOwn(services, name) ? services[name] : undefined;
  if (service !== undefined) return ok({ name, service, adHoc: false });
  if (name.startsWith("/")) {
    if (!allowAnyLogGroup) {
      return err(
        new ErrorsUsageError(
          "spikes_log_group_not_allowed",
          `/errors only looks at configured services, not at any log group. ${listing} To allow any log group ` +
            "klaxon's role can read, an admin sets errors.allowAnyLogGroup: true in klaxon.yaml; or add the log " +
            "group to a service under services:.",
        ),
      );
    }
    if (!LOG_GROUP_NAME.test(name)) {
      return err(
        new ErrorsUsageError(
          "spikes_invalid_log_group",
          `${name.slice(0, 80)} is not a log group name: use letters, digits and _ - . / # only, at most 512 characters.`,
        ),
      );
    }
    return ok({ name, service: adHocService(name), adHoc: true });
  }
  return err(
    new ErrorsUsageError(
      "spikes_unknown_service",
      `There is no service called ${name.slice(0, 80)}. ${listing}`,
    ),
  );
}

/**
 * Checks that `requester` may query the target: a configured service's `allowedChannels`/`allowedUserGroups`
 * (see {@link serviceAccessDenial}); an ad-hoc log group was already allowed by `errors.allowAnyLogGroup`.
 */
export function authorizeErrorsTarget(
  target: ErrorsTarget,
  requester: Requester,
): Result<ErrorsTarget, ErrorsUsageError> {
  if (target.adHoc) return ok(target);
  const denial = serviceAccessDenial(target.name, target.service, requester);
  return denial === undefined ? ok(target) : err(new ErrorsUsageError("spikes_service_not_allowed", denial));
}

/** A `ServiceConfig` for a log group nobody configured: plain `@message`, the default error words. */
export function adHocService(logGroup: string): ServiceConfig {
  return {
    logGroups: [logGroup],
    idFields: ["@message"],
    messageField: "@message",
    errorLevels: ["ERROR", "FATAL", "CRITICAL"],
    errorPattern: AD_HOC_ERROR_PATTERN,
  };
}
