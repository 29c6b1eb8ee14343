import { MINUTE } from "./types.js";

/**
 * Sample CloudWatch alarm SNS `Message` payloads for the seed systems, in the 2024+ field order (AlarmArn,
 * AlarmConfigurationUpdatedTimestamp and the action lists present; `Statistic` upper-case; `Dimensions` with
 * lower-case keys, value first; dates in the reason as dd/MM/yy HH:mm:ss).
 */
const ACCOUNT = "123456789012";
/** TradAI runs in an account of its own; its alarms reach the same topic (klaxon.example.yaml `accounts:`). */
const TRADAI_ACCOUNT = "210987654321";
const REGION = "us-east-1";
const REGION_NAME = "US East (N. Virginia)";
const LB = "app/axonflow-prod/1234567890abcdef";

type State = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** `2026-11-20T11:55:43.418+0000`, the alarm payload's timestamp format. */
function cwTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

/** `20/11/26 11:50:00`, the datapoint format inside NewStateReason. */
function reasonTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${String(d.getUTCFullYear()).slice(2)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00`;
}

function floorTo(ms: number, period: number): number {
  return Math.floor(ms / (period * 1000)) * period * 1000;
}

interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly topic: string;
  readonly state: State;
  readonly old: State;
  readonly at: number;
  readonly reason: string;
  readonly trigger: Readonly<Record<string, unknown>>;
  /** The account the alarm lives in; default the platform account. */
  readonly account?: string;
}

function message(spec: AlarmSpec, now: number): Readonly<Record<string, unknown>> {
  const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${spec.topic}`;
  const account = spec.account ?? ACCOUNT;
  return {
    AlarmName: spec.name,
    AlarmDescription: spec.description,
    AWSAccountId: account,
    AlarmConfigurationUpdatedTimestamp: cwTime(now - 49 * 24 * 60 * MINUTE + 3_072),
    NewStateValue: spec.state,
    NewStateReason: spec.reason,
    StateChangeTime: cwTime(spec.at),
    Region: REGION_NAME,
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${account}:alarm:${spec.name}`,
    OldStateValue: spec.old,
    OKActions: [topicArn],
    AlarmActions: [topicArn],
    InsufficientDataActions: [],
    Trigger: spec.trigger,
  };
}

function metricTrigger(
  metric: string,
  namespace: string,
  stat: { readonly statistic: string } | { readonly extended: string },
  dims: Readonly<Record<string, string>>,
  period: number,
  evaluationPeriods: number,
  comparison: string,
  threshold: number,
  missing: string,
): Readonly<Record<string, unknown>> {
  return {
    MetricName: metric,
    Namespace: namespace,
    ...("statistic" in stat
      ? { StatisticType: "Statistic", Statistic: stat.statistic }
      : { StatisticType: "ExtendedStatistic", ExtendedStatistic: stat.extended }),
    Unit: null,
    Dimensions: Object.entries(dims).map(([name, value]) => ({ value, name })),
    Period: period,
    EvaluationPeriods: evaluationPeriods,
    ComparisonOperator: comparison,
    Threshold: threshold,
    TreatMissingData: `- TreatMissingData:                    ${missing}`,
    EvaluateLowSampleCountPercentile: "",
  };
}

function crossed(
  points: readonly [number, number][],
  verb: string,
  threshold: number,
  transition: string,
): string {
  const list = points.map(([v, t]) => `${v.toFixed(1)} (${reasonTime(t)})`).join(", ");
  const n = points.length;
  return `Threshold Crossed: ${n} out of the last ${n} datapoints [${list}] ${verb} the threshold (${threshold.toFixed(1)}) (minimum ${n} datapoint${n === 1 ? "" : "s"} for ${transition} transition).`;
}

/** The sample alarms, file name → Message object, timed relative to `now` to match the sample logs' spikes. */
export function sampleAlarms(now: number): Map<string, Readonly<Record<string, unknown>>> {
  const p5 = (minsAgo: number): number => floorTo(now - minsAgo * MINUTE, 300);
  const lbDims = { LoadBalancer: LB };
  const errRate = metricTrigger(
    "HTTPCode_Target_5XX_Count",
    "AWS/ApplicationELB",
    { statistic: "SUM" },
    lbDims,
    300,
    2,
    "GreaterThanThreshold",
    5,
    "missing",
  );
  const specs: AlarmSpec[] = [
    {
      name: "axonflow-high-error-rate",
      description: "Target group is returning elevated 5xx responses",
      topic: "axonflow-prod-alerts",
      state: "ALARM",
      old: "OK",
      at: now - 33 * MINUTE + 418,
      reason: crossed(
        [
          [37, p5(40)],
          [22, p5(45)],
        ],
        "was greater than",
        5,
        "OK -> ALARM",
      ),
      trigger: errRate,
    },
    {
      name: "axonflow-high-error-rate",
      description: "Target group is returning elevated 5xx responses",
      topic: "axonflow-prod-alerts",
      state: "OK",
      old: "ALARM",
      at: now - 1 * MINUTE + 77,
      reason: `Threshold Crossed: 1 out of the last 2 datapoints [3.0 (${reasonTime(p5(6))})] was not greater than the threshold (5.0) (minimum 1 datapoint for ALARM -> OK transition).`,
      trigger: errRate,
    },
    {
      name: "axonflow-high-latency",
      description: "ALB target latency exceeds 5 seconds",
      topic: "axonflow-prod-alerts",
      state: "ALARM",
      old: "OK",
      at: now - 12 * MINUTE + 905,
      reason: crossed(
        [
          [7.412, p5(20)],
          [6.087, p5(25)],
          [5.233, p5(30)],
        ],
        "was greater than",
        5,
        "OK -> ALARM",
      ),
      // TargetResponseTime is reported in seconds, so "exceeds 5 seconds" is a threshold of 5.0.
      trigger: metricTrigger(
        "TargetResponseTime",
        "AWS/ApplicationELB",
        { extended: "p95" },
        lbDims,
        300,
        3,
        "GreaterThanThreshold",
        5,
        "missing",
      ),
    },
    {
      name: "axonflow-ecs-restarts",
      description: "ECS service is churning tasks unexpectedly",
      topic: "axonflow-prod-alerts",
      state: "ALARM",
      old: "OK",
      at: now - 28 * MINUTE + 233,
      reason: crossed([[5, p5(35)]], "was greater than", 3, "OK -> ALARM"),
      trigger: metricTrigger(
        "RestartCount",
        "ECS/ContainerInsights",
        { statistic: "SUM" },
        { ServiceName: "axonflow-agent" },
        300,
        1,
        "GreaterThanThreshold",
        3,
        "missing",
      ),
    },
    {
      name: "axonflow-log-silence",
      description: "Expected application logs are missing",
      topic: "axonflow-prod-alerts",
      state: "ALARM",
      old: "OK",
      at: now - 4 * MINUTE + 612,
      reason:
        "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].",
      trigger: metricTrigger(
        "IncomingLogEvents",
        "AWS/Logs",
        { statistic: "SUM" },
        { LogGroupName: "/axonflow/production/agent" },
        300,
        1,
        "LessThanThreshold",
        1,
        "breaching",
      ),
    },
    {
      name: "tradai-strategy-service-prod-errors",
      account: TRADAI_ACCOUNT,
      description:
        "TradAI strategy service is logging ERROR lines (metric filter ERROR|Exception|Traceback on /ecs/tradai-strategy-service-prod). Runbook: log-investigation",
      topic: "tradai-prod-alerts",
      state: "ALARM",
      old: "OK",
      at: now - 27 * MINUTE + 150,
      reason: crossed([[14, p5(30)]], "was greater than or equal to", 5, "OK -> ALARM"),
      trigger: metricTrigger(
        "StrategyServiceErrorCount",
        "TradAI/prod",
        { statistic: "SUM" },
        {},
        300,
        1,
        "GreaterThanOrEqualToThreshold",
        5,
        "notBreaching",
      ),
    },
    {
      name: "dynamoai-model-inference-errors",
      description:
        "DynamoAI model pods are logging inference errors (Container Insights log metric on dfl-prod-default-eks)",
      topic: "dynamoai-prod-alerts",
      state: "ALARM",
      old: "OK",
      at: now - 31 * MINUTE + 802,
      reason: crossed(
        [
          [11, p5(35)],
          [6, p5(40)],
        ],
        "was greater than",
        3,
        "OK -> ALARM",
      ),
      trigger: metricTrigger(
        "ModelInferenceErrors",
        "DynamoAI/Application",
        { statistic: "SUM" },
        { ClusterName: "dfl-prod-default-eks", Namespace: "dynamoai" },
        300,
        2,
        "GreaterThanThreshold",
        3,
        "notBreaching",
      ),
    },
  ];
  const files = new Map<string, Readonly<Record<string, unknown>>>();
  for (const s of specs) files.set(`${s.name}-${s.state}.json`, message(s, now));
  return files;
}

/** Pretty JSON with CloudWatch's float spelling of thresholds (`5.0`, not `5`). */
export function alarmJson(message: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify(message, null, 2).replace(/("Threshold": )(-?\d+)(,?)$/m, "$1$2.0$3")}\n`;
}
