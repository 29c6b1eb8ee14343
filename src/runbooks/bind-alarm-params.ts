import type { Alarm } from "../alarms/alarm.js";
import type { Result } from "../shared/result.js";
import { err, ok } from "../shared/result.js";

function dimensionsOf(alarm: Alarm): Readonly<Record<string, string>> {
  const t = alarm.trigger;
  if (t.kind === "metric") return t.metric.dimensions;
  if (t.kind === "math" || t.kind === "anomaly") {
    return Object.assign({}, ...t.metrics.map((m) => m.metric?.dimensions ?? {}));
  }
  return {};
}

/**
 * Replaces `{{alarm.name}}`, `{{alarm.region}}`, `{{alarm.accountId}}` and `{{alarm.dimensions.<Name>}}` in a
 * runbook step's parameter values with the alarm's own values. The result is still bound and quoted by the
 * template like any user input; a reference the alarm cannot fill is an error naming it.
 */
export function bindAlarmParams(
  params: Readonly<Record<string, string | number>>,
  alarm: Alarm | undefined,
): Result<Record<string, string>, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(params)) {
    let missing: string | undefined;
    const value = String(raw).replace(
      /\{\{\s*alarm\.([A-Za-z]+)(?:\.([^}\s]+))?\s*\}\}/g,
      (m, field: string, sub?: string) => {
        const dims = alarm ? dimensionsOf(alarm) : {};
        const v =
          field === "name"
            ? alarm?.name
            : field === "region"
              ? alarm?.region
              : field === "accountId"
                ? alarm?.accountId
                : field === "dimensions" && sub !== undefined
                  ? dims[sub]
                  : undefined;
        if (v === undefined) missing ??= m;
        return v ?? "";
      },
    );
    if (missing !== undefined) return err(`parameter ${key}: ${missing} has no value for this alarm`);
    out[key] = value;
  }
  return ok(out);
}
