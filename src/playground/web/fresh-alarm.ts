type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** CloudWatch writes `StateChangeTime` as `2021-06-23T08:41:06.622+0000`; keep its exact shape. */
function cloudWatchTime(now: Date): string {
  return now.toISOString().replace("Z", "+0000");
}

/**
 * Returns a deep copy of a sample alarm payload stamped with `now` as its state-change time, so each click
 * in the playground is a new transition: an ALARM opens (or repeats) an episode and a later OK closes it
 * with a real duration. CloudWatch SNS messages get `StateChangeTime`; EventBridge events get `time` and
 * `detail.state.timestamp`. The sample itself is never modified.
 */
export function withFreshStateTime(payload: object, now: Date): object {
  const copy: unknown = structuredClone(payload);
  if (!isRecord(copy)) return copy as object;
  const detail = copy.detail;
  if (isRecord(detail) && isRecord(detail.state)) {
    copy.time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    detail.state.timestamp = cloudWatchTime(now);
    return copy;
  }
  copy.StateChangeTime = cloudWatchTime(now);
  return copy;
}
