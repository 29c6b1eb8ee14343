import { err, ok, type Result } from "../shared/result.js";
import { TraceError } from "./errors.js";

/** How `/trace` is typed, for usage replies. */
export const TRACE_USAGE =
  "/trace <request id> [window] [services=a,b] — e.g. `/trace 19e555d0-b349-11f0-9ee0-09606a1108f9`, " +
  "`/trace req-7f3a9c2e41b8 2h`, `/trace 7d1f3b9a-4c2e-4e8b-9f6a-2b5c8d0e1a37 since 09:30 services=tradai-backend`";

/** What the user typed after `/trace`, split into its parts; nothing here is validated against config yet. */
export interface TraceArgs {
  readonly id: string;
  /** The window text (`15m`, `since 09:30`, `A..B`), absent when the user gave none. */
  readonly window?: string;
  /** Service names from `services=a,b`, absent when the user gave none. */
  readonly services?: readonly string[];
}

const SERVICES_ARG = /^services?=(.*)$/i;
const SERVICE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Splits `/trace` text into the request ID (the first word), an optional `services=a,b` filter (anywhere after
 * it) and the rest as the time window. An empty text or `help` is a usage error; a malformed service list is
 * refused with what was expected. The ID itself is validated later by `anchorId`.
 */
export function parseTraceArgs(text: string): Result<TraceArgs, TraceError> {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  const [id, ...rest] = words;
  if (id === undefined || /^(help|-h|--help)$/i.test(id)) {
    return err(new TraceError("trace_usage", `Give the request ID to trace. Usage: ${TRACE_USAGE}`));
  }
  let services: string[] | undefined;
  const windowWords: string[] = [];
  for (const word of rest) {
    const m = SERVICES_ARG.exec(word);
    if (m === null) {
      windowWords.push(word);
      continue;
    }
    const names = (m[1] ?? "").split(",").filter((n) => n !== "");
    const bad = names.find((n) => !SERVICE_NAME.test(n));
    if (names.length === 0 || bad !== undefined) {
      return err(
        new TraceError(
          "trace_usage",
          "`services=` takes a comma-separated list of service names from klaxon.yaml, e.g. `services=dynamoai-api,dynamoai-models`.",
        ),
      );
    }
    services = [...(services ?? []), ...names];
  }
  const window = windowWords.join(" ");
  return ok({
    id,
    ...(window !== "" && { window }),
    ...(services !== undefined && { services: [...new Set(services)] }),
  });
}
