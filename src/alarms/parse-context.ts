import type { Clock } from "../shared/clock.js";

/** What the delivery channel knows about a payload beyond its own fields. */
export interface ParseAlarmContext {
  /**
   * `TopicArn` of the SNS envelope the payload arrived in. Payloads from before 2021 carry no `AlarmArn`, and
   * CloudWatch only notifies topics in the alarm's own region, so the topic gives the region code and partition.
   */
  readonly topicArn?: string;
  /** Used only when a payload carries no time at all, so an incomplete alarm is still posted. */
  readonly clock?: Clock;
}
