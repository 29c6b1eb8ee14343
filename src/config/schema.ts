import { z } from "zod";
import { duration, ParamSchema } from "./param-schema.js";

export { type EnvConfig, EnvSchema } from "./env-schema.js";
export { ParamSchema } from "./param-schema.js";

const severity = z.enum(["critical", "high", "warning", "info"]);
const alarmState = z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]);
const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t)]);

/** A routing rule's conditions; every given condition must hold (globs use `*` and `?`). */
export const RouteMatchSchema = z
  .object({
    alarmName: oneOrMany(z.string().min(1)).optional(),
    namespace: oneOrMany(z.string().min(1)).optional(),
    account: oneOrMany(z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account id")).optional(),
    region: oneOrMany(z.string().min(1)).optional(),
    dimension: z.record(z.string(), z.string()).optional(),
    state: oneOrMany(alarmState).optional(),
    /** The alarm's own resource tags (CloudWatch ListTagsForResource on the alarm ARN); values are globs. */
    tags: z.record(z.string().min(1), z.string()).optional(),
  })
  .strict();

const accountRef = z.string().min(1).optional();
const regionCode = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "expected a region code such as us-east-1")
  .optional();

/**
 * How klaxon reaches one AWS account: `default` (klaxon's own credentials) or a role it assumes with STS from its
 * own credentials. The map key is a name or the 12-digit account id; `id` gives the id to a named `default`.
 */
export const AccountSchema = z.union([
  z.literal("default"),
  z
    .object({
      roleArn: z
        .string()
        .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "expected an IAM role ARN")
        .optional(),
      externalId: z.string().min(2).max(1224).optional(),
      sessionName: z
        .string()
        .regex(/^[\w+=,.@-]{2,64}$/, "2 to 64 of letters, digits and +=,.@_-")
        .optional(),
      id: z
        .string()
        .regex(/^\d{12}$/, "expected a 12-digit AWS account id")
        .optional(),
    })
    .strict(),
]);

export const RouteSchema = z
  .object({
    name: z.string().min(1).optional(),
    match: RouteMatchSchema,
    channel: z.string().min(1),
    mention: z.string().min(1).optional(),
    runbook: z.string().min(1).optional(),
    severity: severity.optional(),
    service: z.string().min(1).optional(),
    /** Who is mentioned in the thread when an episode stays unacknowledged (`incidents.escalation.afterMinutes`). */
    /** Slack user groups (S…) whose members may mute this route with `/klaxon mute`; absent = everyone. */
    muteUserGroups: z.array(z.string().min(1)).optional(),
    escalateTo: z
      .string()
      .regex(
        /^(@here|@channel|subteam:S[A-Z0-9]{2,30}|<!subteam\^S[A-Z0-9]{2,30}>|U[A-Z0-9]{2,30})$/,
        "expected @here, @channel, a user group as subteam:S0123ABCD, or a user id such as U0123ABCD",
      )
      .optional(),
  })
  .strict();

/** Alarm storms, flapping and escalation: how loud klaxon gets when many alarms or flips arrive. */
export const IncidentsSchema = z
  .object({
    storm: z
      .object({ maxNewEpisodesPerMinute: z.number().int().min(1).max(200).default(10) })
      .strict()
      .default({ maxNewEpisodesPerMinute: 10 }),
    flapping: z
      .object({
        flips: z.number().int().min(1).max(40).default(4),
        withinMinutes: z.number().int().min(1).max(1440).default(30),
      })
      .strict()
      .default({ flips: 4, withinMinutes: 30 }),
    /** An ALARM this soon after the alarm's last episode closed reopens that episode instead of posting anew. */
    reopenWithinMinutes: z.number().int().min(0).max(1440).default(5),
    escalation: z
      .object({ afterMinutes: z.number().int().min(1).max(1440).default(15) })
      .strict()
      .default({ afterMinutes: 15 }),
  })
  .strict();

export const TemplateSchema = z
  .object({
    description: z.string().min(1),
    /** A name or id under `accounts:`; default klaxon's own account. */
    account: accountRef,
    /** Where the log groups live; default klaxon's own region (Run buttons: the alarm's). */
    region: regionCode,
    logGroups: z.array(z.string().min(1)).min(1),
    query: z.string().min(1),
    params: z
      .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, "parameter names are identifiers"), ParamSchema)
      .default({}),
    defaultWindow: duration.default("1h"),
    maxWindow: duration.default("7d"),
    allowedChannels: z.array(z.string().min(1)).optional(),
    allowedUserGroups: z.array(z.string().min(1)).optional(),
  })
  .strict();

/**
 * An `idPattern` is matched against request IDs users type: it must compile and quantify no group (no `(…)+`,
 * `(…){2,}`), so it cannot backtrack badly on a long ID.
 */
export function isBoundedIdPattern(pattern: string): boolean {
  if (/\)\s*[*+?{]/.test(pattern)) return false;
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export const ServiceSchema = z
  .object({
    description: z.string().optional(),
    /** A name or id under `accounts:`; default klaxon's own account (first looks: the alarm's). */
    account: accountRef,
    /** Where the log groups live; default klaxon's own region (first looks: the alarm's). */
    region: regionCode,
    logGroups: z.array(z.string().min(1)).min(1),
    streamFilter: z.string().min(1).optional(),
    idFields: z.array(z.string().min(1)).min(1).default(["@message"]),
    messageField: z.string().min(1).default("@message"),
    levelField: z.string().min(1).optional(),
    errorLevels: z.array(z.string().min(1)).default(["ERROR", "FATAL", "CRITICAL"]),
    errorPattern: z.string().min(1).default("ERROR|Exception|Traceback"),
    /** Channel IDs where /errors and /trace may query this service; absent = every channel. */
    allowedChannels: z.array(z.string().min(1)).optional(),
    /** Slack user-group IDs (S…) whose members may query this service; absent = everyone. */
    allowedUserGroups: z.array(z.string().min(1)).optional(),
    /** ARNs or names of what belongs to the service (ECS service, functions, tables…), for "what changed". */
    resources: z.array(z.string().min(1)).optional(),
    /** The shape of the request IDs this service logs (a whole-ID regex); /trace skips it for IDs of another shape. */
    idPattern: z
      .string()
      .min(1)
      .max(200)
      .refine(isBoundedIdPattern, {
        message:
          "idPattern must be a valid regular expression without quantified groups (e.g. `[0-9a-f]{8}-[0-9a-f-]{27}` or `req-[A-Za-z0-9]{16}`)",
      })
      .optional(),
  })
  .strict();

/** "What changed?": CloudTrail write events and ECS deployments before an alarm, in first looks and `/klaxon changes`. */
export const ChangesConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** How far before the alarm to look. */
    lookbackMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(120),
    /** CloudTrail events read per lookup at most (LookupEvents pages of 50, about 2 requests/s allowed). */
    maxEvents: z.number().int().min(50).max(1000).default(200),
    cacheSeconds: z.number().int().min(0).max(3600).default(60),
    /** How long a first look waits for changes before posting without them (they follow when they arrive). */
    waitSeconds: z.number().min(0).max(30).default(5),
  })
  .strict();

/** A recurring maintenance window: alarms it matches are stored but not posted while it lasts. */
export const MuteConfigSchema = z
  .object({
    match: z
      .object({ route: z.string().min(1).optional(), alarmName: z.string().min(1).optional() })
      .strict()
      .refine((m) => m.route !== undefined || m.alarmName !== undefined, {
        message: "give match.route (a route name glob) or match.alarmName (an alarm name glob)",
      }),
    weekly: z
      .string()
      .regex(
        /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]|24):[0-5]\d UTC$/,
        'expected a day and UTC times such as "Sun 02:00-04:00 UTC"',
      ),
    reason: z.string().min(1).max(200).optional(),
  })
  .strict();

/** The YAML configuration file. Everything that is not an environment variable lives here. */
export const FileConfigSchema = z
  .object({
    vars: z.record(z.string(), z.string()).default({}),
    slack: z
      .object({
        defaultChannel: z.string().min(1).default("#alerts"),
        postsPerSecondPerChannel: z.number().positive().max(10).default(1),
        /** Post the alarm's metric graph (GetMetricWidgetImage) in each new episode's thread. */
        metricGraphs: z.boolean().default(true),
      })
      .strict()
      .default({ defaultChannel: "#alerts", postsPerSecondPerChannel: 1, metricGraphs: true }),
    sns: z
      .object({
        topicArns: z.array(z.string().regex(/^arn:aws[\w-]*:sns:/, "expected an SNS topic ARN")).default([]),
        allowAnyTopic: z.boolean().default(false),
        maxAgeSeconds: z.number().int().positive().default(3600),
        /** 2 refuses SignatureVersion 1 (RSA-SHA1) messages; set the topics' SignatureVersion attribute to 2 first. */
        minSignatureVersion: z.union([z.literal(1), z.literal(2)]).default(1),
        /** Signing-certificate downloads allowed per host per minute; forged messages cannot force more. */
        certFetchesPerHostPerMinute: z.number().int().min(1).max(600).default(10),
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(256 * 1024),
      })
      .strict()
      .default({
        topicArns: [],
        allowAnyTopic: false,
        maxAgeSeconds: 3600,
        minSignatureVersion: 1,
        certFetchesPerHostPerMinute: 10,
        maxBodyBytes: 256 * 1024,
      }),
    eventbridge: z
      .object({
        /** Shared secret an EventBridge API destination sends, enabling direct (non-SNS) delivery to POST /sns. */
        apiKey: z.string().min(16, "use a random secret of at least 16 characters").optional(),
        apiKeyHeader: z
          .string()
          .regex(/^[a-z0-9-]+$/, "a lower-case HTTP header name")
          .default("x-klaxon-api-key"),
      })
      .strict()
      .default({ apiKeyHeader: "x-klaxon-api-key" }),
    /** `/errors <log group>` outside the configured services is off unless `allowAnyLogGroup` is true. */
    errors: z
      .object({ allowAnyLogGroup: z.boolean().default(false) })
      .strict()
      .default({ allowAnyLogGroup: false }),
    routes: z.array(RouteSchema).default([]),
    /** Other AWS accounts klaxon queries, by name or account id (see README "Many accounts"). */
    accounts: z.record(z.string().min(1), AccountSchema).default({}),
    /** How long an alarm's resource tags (for `match.tags`) are reused before they are read again. */
    tagRouting: z
      .object({ cacheSeconds: z.number().int().min(0).max(86_400).default(900) })
      .strict()
      .default({ cacheSeconds: 900 }),
    /** The weekly alarm-hygiene report: where and when it is posted (absent = not posted; `/klaxon report` works). */
    reports: z
      .object({
        channel: z.string().min(1),
        weekly: z
          .string()
          .regex(
            /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([01]\d|2[0-3]):[0-5]\d UTC$/,
            'expected a day and a UTC time such as "Mon 09:00 UTC"',
          )
          .default("Mon 09:00 UTC"),
        days: z.union([z.literal(7), z.literal(30)]).default(7),
      })
      .strict()
      .optional(),
    /** Recurring mute windows (`/klaxon mute` adds one-off ones at run time). */
    mutes: z.array(MuteConfigSchema).default([]),
    services: z.record(z.string(), ServiceSchema).default({}),
    changes: ChangesConfigSchema.default({
      enabled: true,
      lookbackMinutes: 120,
      maxEvents: 200,
      cacheSeconds: 60,
      waitSeconds: 5,
    }),
    templates: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "template names are kebab-case"), TemplateSchema)
      .default({}),
    insights: z
      .object({
        maxConcurrentQueries: z.number().int().min(1).max(100).default(10),
        timeoutSeconds: z.number().int().min(5).max(900).default(120),
        maxBytesScanned: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 ** 3),
        pollIntervalMs: z.number().int().min(10).default(1000),
        defaultLimit: z.number().int().min(1).max(10000).default(100),
      })
      .strict()
      .default({
        maxConcurrentQueries: 10,
        timeoutSeconds: 120,
        maxBytesScanned: 10 * 1024 ** 3,
        pollIntervalMs: 1000,
        defaultLimit: 100,
      }),
    runbooks: z.object({ baseUrl: z.url().optional(), publicUrl: z.url().optional() }).strict().default({}),
    /** Who may read `GET /metrics`: a bearer token (or `KLAXON_METRICS_TOKEN`), and/or a port of its own. */
    http: z
      .object({
        metricsToken: z.string().min(16, "use a random secret of at least 16 characters").optional(),
        metricsPort: z.number().int().min(0).max(65535).optional(),
      })
      .strict()
      .default({}),
    /** Retention of delivered outbox rows and delivery (dedupe) rows; SQLite prunes hourly, DynamoDB uses TTL. */
    store: z
      .object({ retentionDays: z.number().int().min(1).max(3650).default(14) })
      .strict()
      .default({ retentionDays: 14 }),
    incidents: IncidentsSchema.default({
      storm: { maxNewEpisodesPerMinute: 10 },
      flapping: { flips: 4, withinMinutes: 30 },
      reopenWithinMinutes: 5,
      escalation: { afterMinutes: 15 },
    }),
  })
  .strict();

export type FileConfig = z.infer<typeof FileConfigSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type IncidentsConfig = z.infer<typeof IncidentsSchema>;
export type RouteMatch = z.infer<typeof RouteMatchSchema>;
export type TemplateConfig = z.infer<typeof TemplateSchema>;
export type ParamConfig = z.infer<typeof ParamSchema>;
export type ServiceConfig = z.infer<typeof ServiceSchema>;
export type AccountConfig = z.infer<typeof AccountSchema>;
