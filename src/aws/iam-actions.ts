/**
 * The IAM actions klaxon's code calls, per feature. This one list feeds the README's least-privilege policy (a
 * test keeps them equal, and equal to the SDK commands the code sends) and the deployment stacks' task role.
 */
export const IAM_ACTIONS = {
  /** `POST /sns` confirming HTTPS subscriptions through the SNS API. */
  snsSubscriptions: ["sns:ConfirmSubscription"],
  /** `/insights`, `/trace`, `/errors`, first looks and runbook step queries. */
  logsInsights: ["logs:StartQuery", "logs:GetQueryResults", "logs:StopQuery"],
  /** Metric graphs in alarm threads. */
  metricGraphs: ["cloudwatch:GetMetricWidgetImage"],
  /** Alarms from an SQS queue (`KLAXON_SQS_QUEUE_URL`). */
  sqsIngest: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
  /** The scale-out store (`KLAXON_STORE=dynamodb`); `/readyz` calls DescribeTable. */
  dynamodbStore: [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:TransactWriteItems",
    "dynamodb:DescribeTable",
  ],
  /** "What changed?" in first looks, `/klaxon changes` and runbook steps. */
  changes: ["cloudtrail:LookupEvents", "ecs:DescribeServices"],
  /** Other accounts under `accounts:`: klaxon assumes each one's role (granted on those role ARNs only). */
  multiAccount: ["sts:AssumeRole"],
  /** `match.tags` routes read the alarm's tags (in each source account's role too). */
  tagRouting: ["cloudwatch:ListTagsForResource"],
} as const satisfies Record<string, readonly string[]>;

/** A feature whose IAM actions {@link IAM_ACTIONS} lists. */
export type IamFeature = keyof typeof IAM_ACTIONS;

/**
 * What `ensureDynamoDbTable` (the tests' and the CLI's table set-up) calls on top of the store's actions. Kept
 * out of {@link IAM_ACTIONS} and the README policy: production tables come from infrastructure as code, and a
 * running klaxon never creates or reconfigures its table.
 */
export const TABLE_SETUP_IAM_ACTIONS = [
  "dynamodb:CreateTable",
  "dynamodb:UpdateTimeToLive",
  "dynamodb:DescribeTable",
] as const;
