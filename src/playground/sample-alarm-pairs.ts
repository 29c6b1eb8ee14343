import { sampleAlarms } from "./samples/alarms.js";

/** A sample alarm as the playground offers it: its ALARM payload and the OK that closes it. */
export interface SampleAlarmPair {
  readonly name: string;
  readonly alarm: Readonly<Record<string, unknown>>;
  readonly ok: Readonly<Record<string, unknown>>;
}

/**
 * Pairs the generated sample alarm payloads (CloudWatch SNS `Message` JSON) into ALARM/OK couples for the
 * playground's buttons. Samples that ship no OK get one derived from their ALARM payload, the way CloudWatch
 * would send it when the metric recovers.
 */
export function sampleAlarmPairs(now: Date): SampleAlarmPair[] {
  const byName = new Map<
    string,
    { alarm?: Readonly<Record<string, unknown>>; ok?: Readonly<Record<string, unknown>> }
  >();
  for (const message of sampleAlarms(now.getTime()).values()) {
    const name = String(message.AlarmName ?? "");
    const entry = byName.get(name) ?? {};
    if (message.NewStateValue === "OK") entry.ok = message;
    else if (message.NewStateValue === "ALARM") entry.alarm = message;
    byName.set(name, entry);
  }
  return [...byName]
    .filter(
      (
        e,
      ): e is [
        string,
        { alarm: Readonly<Record<string, unknown>>; ok?: Readonly<Record<string, unknown>> },
      ] => e[1].alarm !== undefined,
    )
    .map(([name, e]) => ({
      name,
      alarm: e.alarm,
      ok: e.ok ?? {
        ...e.alarm,
        NewStateValue: "OK",
        OldStateValue: "ALARM",
        NewStateReason:
          "Threshold Crossed: the last datapoint was back within the threshold (playground sample).",
      },
    }));
}
