import type { ServiceConfig } from "../config/schema.js";
import { parseTimeWindow } from "../insights/time-window.js";
import { err, ok, type Result } from "../shared/result.js";
import { ChangesError } from "./errors.js";

/** What `/klaxon changes [service|resource] [window]` asks for. */
export interface ChangesArgs {
  readonly serviceName?: string;
  readonly resources: readonly string[];
  readonly resourceFilter?: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly label: string;
}

/** CloudTrail's `LookupEvents` covers 90 days; longer would only be refused by AWS. */
const MAX_WINDOW = "90d";
const MAX_TARGET = 200;

/**
 * Reads `/klaxon changes` arguments: an optional first word that is a configured service (its `resources`
 * rank first) or else a resource to filter by, then an optional window in `/insights` syntax (default
 * `lookbackMinutes`, at most 90 days, CloudTrail's own horizon). Problems come back with the usage line.
 */
export function parseChangesArgs(
  text: string,
  options: {
    readonly services: Readonly<Record<string, ServiceConfig>>;
    readonly lookbackMinutes: number;
    readonly now: Date;
  },
): Result<ChangesArgs, ChangesError> {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  const usage =
    "Usage: `/klaxon changes [service|resource] [window]`, e.g. `/klaxon changes axonflow-api 2h`.";
  const windowOf = (rest: string) =>
    parseTimeWindow(rest, {
      now: options.now,
      defaultWindow: `${options.lookbackMinutes}m`,
      maxWindow: MAX_WINDOW,
    });
  // The first word is a window when it reads as one (`2h`); otherwise it names what to look at.
  const whole = windowOf(words.join(" "));
  let target: string | undefined;
  let window = whole;
  if (!whole.ok && words.length > 0) {
    target = words[0];
    window = windowOf(words.slice(1).join(" "));
  }
  if (!window.ok) return err(new ChangesError("changes_invalid_args", `${window.error.message} ${usage}`));
  if (target !== undefined && (target.length > MAX_TARGET || /[`<>|*]/.test(target))) {
    return err(
      new ChangesError(
        "changes_invalid_args",
        `"${target.slice(0, 40)}" is not a service or resource name. ${usage}`,
      ),
    );
  }
  const service =
    target !== undefined && Object.hasOwn(options.services, target) ? options.services[target] : undefined;
  const range = {
    startMs: window.value.startTime * 1000,
    endMs: window.value.endTime * 1000,
    label: window.value.label,
  };
  if (target !== undefined && service !== undefined) {
    return ok({ serviceName: target, resources: service.resources ?? [], ...range });
  }
  return ok({ resources: [], ...(target !== undefined && { resourceFilter: target }), ...range });
}
