import type { Alarm } from "../../src/alarms/alarm.js";

/** A realistic threshold alarm (AxonFlow's ALB latency alarm) with overrides, for unit tests. */
export function makeAlarm(overrides: Partial<Alarm> = {}): Alarm {
  return {
    source: "sns",
    name: "axonflow-high-latency",
    arn: "arn:aws:cloudwatch:us-east-2:123456789012:alarm:axonflow-high-latency",
    accountId: "123456789012",
    region: "us-east-2",
    partition: "aws",
    description: "ALB target latency exceeds 5 seconds",
    state: "ALARM",
    previousState: "OK",
    reason: "Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (5.0).",
    time: "2026-11-20T10:00:00.000Z",
    trigger: {
      kind: "metric",
      metric: {
        namespace: "AWS/ApplicationELB",
        name: "TargetResponseTime",
        dimensions: { LoadBalancer: "app/axonflow-prod/50dc6c495c0c9188" },
        stat: "p95",
        period: 300,
        unit: "Seconds",
      },
      comparison: "GreaterThanThreshold",
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    },
    ...overrides,
  };
}
