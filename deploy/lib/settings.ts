/**
 * The deployment's settings, read from CDK context (`npx cdk deploy -c shape=socket -c alarmTopicArns=…`). Every
 * problem is reported at once with the context key and what was expected, like klaxon's own config loader.
 */

/** How Slack and the alarms reach klaxon. */
export type Shape = "http" | "socket";

/** Where klaxon keeps its state. */
export type StoreKind = "sqlite" | "dynamodb";

/** Everything the stack needs to know, validated. */
export interface KlaxonDeploySettings {
  /** `http`: Slack and SNS over HTTPS through an ALB. `socket`: Socket Mode and an SQS queue, no inbound port. */
  readonly shape: Shape;
  /** Number of tasks; more than one needs the DynamoDB store. */
  readonly replicas: number;
  readonly store: StoreKind;
  /** The SNS topics your CloudWatch alarms notify. klaxon is subscribed to each. */
  readonly alarmTopicArns: readonly string[];
  /** Where the service's own alarms (unhealthy tasks, DLQ depth, outbox backlog) are sent. */
  readonly serviceAlarmTopicArn: string;
  /** Log groups (names, `*` allowed at the end) Logs Insights may query; empty means every group in the region. */
  readonly logGroups: readonly string[];
  /** Secrets Manager secret (JSON) holding `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN`, … */
  readonly secretName: string;
  /** Read `KLAXON_EVENTBRIDGE_API_KEY` from the secret too (direct EventBridge API-destination delivery). */
  readonly eventbridgeApiKey: boolean;
  /** The config file baked into the image, relative to the repository root. */
  readonly configFile: string;
  /** SQS shape: raw message delivery on the topic subscriptions. */
  readonly rawMessageDelivery: boolean;
  /** HTTP shape: also route `/runbooks/*` from the internet (klaxon's rendered runbooks, `runbooks.publicUrl`). */
  readonly publicRunbooks: boolean;
  /** HTTP shape: ACM certificate for the ALB's HTTPS listener. */
  readonly certificateArn?: string;
  /** HTTP shape: the public name (matching the certificate) Slack and SNS call. */
  readonly domainName?: string;
  /** HTTP shape, optional: a Route 53 zone in which to create the alias record for `domainName`. */
  readonly hostedZone?: { readonly id: string; readonly name: string };
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly logRetentionDays: number;
  /** The outbox backlog (Slack effects not yet delivered) that raises the service's alarm. */
  readonly outboxBacklogThreshold: number;
}

/** A context key that is missing or wrong, and what to pass instead. */
export interface SettingsIssue {
  readonly key: string;
  readonly message: string;
}

/** Thrown by {@link readSettings} with every problem found. */
export class SettingsError extends Error {
  readonly code = "DEPLOY_SETTINGS_INVALID";
  constructor(readonly issues: readonly SettingsIssue[]) {
    super(
      `klaxon deploy settings are invalid:\n${issues.map((i) => `  -c ${i.key}: ${i.message}`).join("\n")}\n` +
        "See deploy/README.md for every context value.",
    );
    this.name = "SettingsError";
  }
}

const TOPIC_ARN = /^arn:aws[a-z-]{0,20}:sns:[a-z0-9-]{1,30}:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const CERT_ARN = /^arn:aws[a-z-]{0,20}:acm:[a-z0-9-]{1,30}:\d{12}:certificate\/[A-Za-z0-9-]{1,64}$/;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,10}$/;
const LOG_GROUP = /^[A-Za-z0-9_/.#-]{1,512}\*?$/;
/** The retentions CloudWatch Logs accepts, in days. */
const RETENTIONS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
];
/** Fargate CPU units and the memory (MiB) each allows. */
const FARGATE_MEMORY: Readonly<Record<number, readonly [number, number]>> = {
  256: [512, 2048],
  512: [1024, 4096],
  1024: [2048, 8192],
  2048: [4096, 16384],
};

type Context = (key: string) => unknown;

function text(ctx: Context, key: string): string | undefined {
  const v = ctx(key);
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === "" ? undefined : s;
}

function list(ctx: Context, key: string): string[] {
  const v = ctx(key);
  if (Array.isArray(v)) return v.map(String).filter((s) => s !== "");
  return (text(ctx, key) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function flag(ctx: Context, key: string, issues: SettingsIssue[]): boolean {
  const v = text(ctx, key);
  if (v === undefined || v === "false") return false;
  if (v === "true") return true;
  issues.push({ key, message: `expected true or false, got "${v}"` });
  return false;
}

function int(ctx: Context, key: string, fallback: number, min: number, max: number, issues: SettingsIssue[]) {
  const v = text(ctx, key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    issues.push({ key, message: `expected a whole number from ${min} to ${max}, got "${v}"` });
    return fallback;
  }
  return n;
}

/**
 * Reads and validates the deployment settings from a context getter (`app.node.tryGetContext`), applying the
 * defaults (one task, SQLite, the secret `klaxon/slack`, `klaxon.yaml` baked in, 30 days of logs). Throws a
 * {@link SettingsError} naming every bad or missing key, so `cdk synth` fails before anything is deployed.
 */
export function readSettings(ctx: Context): KlaxonDeploySettings {
  const issues: SettingsIssue[] = [];

  const shapeText = text(ctx, "shape") ?? "http";
  const shape: Shape = shapeText === "socket" ? "socket" : "http";
  if (shapeText !== "http" && shapeText !== "socket") {
    issues.push({
      key: "shape",
      message: `expected http (ALB) or socket (Socket Mode + SQS), got "${shapeText}"`,
    });
  }

  const replicas = int(ctx, "replicas", 1, 1, 20, issues);
  const storeText = text(ctx, "store") ?? (replicas > 1 ? "dynamodb" : "sqlite");
  const store: StoreKind = storeText === "dynamodb" ? "dynamodb" : "sqlite";
  if (storeText !== "sqlite" && storeText !== "dynamodb") {
    issues.push({ key: "store", message: `expected sqlite or dynamodb, got "${storeText}"` });
  } else if (store === "sqlite" && replicas > 1) {
    issues.push({
      key: "store",
      message: "several replicas share state only through DynamoDB; use -c store=dynamodb (or omit it)",
    });
  }

  const alarmTopicArns = list(ctx, "alarmTopicArns");
  if (alarmTopicArns.length === 0) {
    issues.push({
      key: "alarmTopicArns",
      message: "name the SNS topic(s) your CloudWatch alarms notify, comma-separated (arn:aws:sns:…)",
    });
  }
  for (const arn of alarmTopicArns) {
    if (!TOPIC_ARN.test(arn))
      issues.push({ key: "alarmTopicArns", message: `"${arn}" is not an SNS topic ARN` });
  }
  const serviceAlarmTopicArn = text(ctx, "serviceAlarmTopicArn") ?? alarmTopicArns[0] ?? "";
  if (serviceAlarmTopicArn !== "" && !TOPIC_ARN.test(serviceAlarmTopicArn)) {
    issues.push({
      key: "serviceAlarmTopicArn",
      message: `"${serviceAlarmTopicArn}" is not an SNS topic ARN`,
    });
  }

  const logGroups = list(ctx, "logGroups");
  for (const g of logGroups) {
    if (!LOG_GROUP.test(g)) {
      issues.push({ key: "logGroups", message: `"${g}" is not a log group name (a trailing * is allowed)` });
    }
  }

  const certificateArn = text(ctx, "certificateArn");
  const domainName = text(ctx, "domainName")?.toLowerCase();
  const zoneId = text(ctx, "hostedZoneId");
  const zoneName = text(ctx, "hostedZoneName");
  if (shape === "http") {
    if (certificateArn === undefined || !CERT_ARN.test(certificateArn)) {
      issues.push({
        key: "certificateArn",
        message:
          "the HTTP shape needs an ACM certificate ARN for the load balancer (arn:aws:acm:…:certificate/…)",
      });
    }
    if (domainName === undefined || !DOMAIN.test(domainName)) {
      issues.push({
        key: "domainName",
        message: "the HTTP shape needs the public name Slack and SNS call, e.g. klaxon.example.com",
      });
    }
    if ((zoneId === undefined) !== (zoneName === undefined)) {
      issues.push({
        key: "hostedZoneId",
        message: "give hostedZoneId and hostedZoneName together, or neither",
      });
    }
  }

  const cpu = int(ctx, "cpu", 512, 256, 2048, issues);
  const memoryMiB = int(ctx, "memoryMiB", 1024, 512, 16384, issues);
  const range = FARGATE_MEMORY[cpu];
  if (range === undefined) {
    issues.push({ key: "cpu", message: `expected one of ${Object.keys(FARGATE_MEMORY).join(", ")}` });
  } else if (memoryMiB < range[0] || memoryMiB > range[1] || memoryMiB % 1024 !== 0) {
    if (!(cpu === 256 && memoryMiB === 512)) {
      issues.push({
        key: "memoryMiB",
        message: `Fargate allows ${range[0]}–${range[1]} MiB in 1024 MiB steps with cpu=${cpu}`,
      });
    }
  }

  const logRetentionDays = int(ctx, "logRetentionDays", 30, 1, 2922, issues);
  if (!RETENTIONS.includes(logRetentionDays)) {
    issues.push({ key: "logRetentionDays", message: `CloudWatch Logs accepts ${RETENTIONS.join(", ")}` });
  }

  const settings: KlaxonDeploySettings = {
    shape,
    replicas,
    store,
    alarmTopicArns,
    serviceAlarmTopicArn,
    logGroups,
    secretName: text(ctx, "secretName") ?? "klaxon/slack",
    eventbridgeApiKey: flag(ctx, "eventbridgeApiKey", issues),
    configFile: text(ctx, "configFile") ?? "klaxon.yaml",
    rawMessageDelivery: flag(ctx, "rawMessageDelivery", issues),
    publicRunbooks: flag(ctx, "publicRunbooks", issues),
    cpu,
    memoryMiB,
    logRetentionDays,
    outboxBacklogThreshold: int(ctx, "outboxBacklogThreshold", 20, 1, 100_000, issues),
    ...(shape === "http" && certificateArn !== undefined && { certificateArn }),
    ...(shape === "http" && domainName !== undefined && { domainName }),
    ...(shape === "http" &&
      zoneId !== undefined &&
      zoneName !== undefined && {
        hostedZone: { id: zoneId, name: zoneName },
      }),
  };
  if (settings.eventbridgeApiKey && shape === "socket") {
    issues.push({
      key: "eventbridgeApiKey",
      message:
        "direct EventBridge delivery needs the HTTP shape (POST /sns); with socket, target the queue instead",
    });
  }
  if (issues.length > 0) throw new SettingsError(issues);
  return settings;
}
