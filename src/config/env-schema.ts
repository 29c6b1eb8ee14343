import { z } from "zod";

/** The environment variables of the external contract (DESIGN.md). */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xox[bp]-/, "expected a bot token starting with xoxb-")
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, "expected the app's signing secret").optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, "expected an app-level token starting with xapp-")
    .optional(),
  SLACK_API_URL: z.url().default("https://slack.com/api/"),
  KLAXON_CONFIG: z.string().min(1).optional(),
  KLAXON_RUNBOOKS_DIR: z.string().min(1).default("./runbooks"),
  KLAXON_DB: z.string().min(1).default("./data/klaxon.db"),
  KLAXON_STORE: z.enum(["sqlite", "dynamodb"]).default("sqlite"),
  KLAXON_DYNAMODB_TABLE: z.string().min(1).optional(),
  KLAXON_SQS_QUEUE_URL: z.url().optional(),
  KLAXON_SNS_CERT_URL_PATTERN: z.string().min(1).optional(),
  KLAXON_LOGS_DIR: z.string().min(1).optional(),
  KLAXON_METRICS_TOKEN: z.string().min(16, "use a random secret of at least 16 characters").optional(),
  /** The EventBridge API-destination secret, so a deployment can inject it from a secret store instead of the YAML. */
  KLAXON_EVENTBRIDGE_API_KEY: z.string().min(16, "use a random secret of at least 16 characters").optional(),
  KLAXON_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** Where the playground listens; loopback unless someone opts in (e.g. `0.0.0.0` inside a container). */
  KLAXON_PLAYGROUND_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, "expected an address to listen on, such as 127.0.0.1, ::1 or 0.0.0.0")
    .default("127.0.0.1"),
  AWS_REGION: z.string().min(1).optional(),
});

export type EnvConfig = z.infer<typeof EnvSchema>;
