import type { AlarmTrigger, Evaluation } from "../alarms/alarm.js";
import { formatPeriod } from "../alarms/format-period.js";

/** One change to an alarm's settings that would make it flip less, in the API's own names. */
export interface TuningSuggestion {
  readonly setting: string;
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

function evaluationSuggestions(e: Evaluation): TuningSuggestion[] {
  const out: TuningSuggestion[] = [];
  const periods = e.evaluationPeriods ?? 1;
  const datapoints = e.datapointsToAlarm ?? periods;
  if (periods < 5 || datapoints >= periods) {
    const n = Math.max(5, periods + 2);
    const m = Math.min(n - 1, Math.max(3, datapoints));
    out.push({
      setting: "evaluationPeriods / datapointsToAlarm",
      from: `${datapoints} of ${periods}`,
      to: `${m} of ${n}`,
      why: "an M-of-N window ignores single datapoints on the wrong side of the threshold",
    });
  }
  const missing = e.treatMissingData ?? "missing";
  if (missing === "missing" || missing === "breaching") {
    out.push({
      setting: "treatMissingData",
      from: missing,
      to: "notBreaching",
      why: "if gaps in the metric are expected (idle periods, sparse counts), they stop moving the state",
    });
  }
  if (e.period !== undefined && e.period < 300) {
    out.push({
      setting: "period",
      from: formatPeriod(e.period),
      to: formatPeriod(300),
      why: "a longer period averages out short spikes",
    });
  }
  return out;
}

function bandWidth(trigger: Extract<AlarmTrigger, { kind: "anomaly" }>): number | undefined {
  const band =
    trigger.metrics.find((m) => m.id === trigger.bandId) ?? trigger.metrics.find((m) => m.expression);
  const match = /ANOMALY_DETECTION_BAND\s*\(\s*\w+\s*,\s*([\d.]+)\s*\)/i.exec(band?.expression ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Suggests settings that would calm a flapping alarm, computed from its own trigger: a wider M-of-N window,
 * `notBreaching` for missing data, a longer period, a wider anomaly band; for composite alarms, the children or
 * an actions suppressor. Empty when the trigger is unknown, since guessing would mislead.
 */
export function tuningSuggestions(trigger: AlarmTrigger): TuningSuggestion[] {
  switch (trigger.kind) {
    case "metric":
    case "math":
      return evaluationSuggestions(trigger);
    case "anomaly": {
      const width = bandWidth(trigger);
      const band: TuningSuggestion[] =
        width !== undefined && width < 4
          ? [
              {
                setting: "ANOMALY_DETECTION_BAND width",
                from: String(width),
                to: String(width + 1),
                why: "a wider band tolerates normal variation around the expected value",
              },
            ]
          : [];
      return [...band, ...evaluationSuggestions(trigger)];
    }
    case "composite":
      return [
        {
          setting: "child alarms",
          from: `${trigger.children.length} children`,
          to: "tune the flapping child",
          why: "a composite flips when a child does; calm the child, or add an ActionsSuppressor alarm",
        },
      ];
    case "unknown":
      return [];
  }
}
