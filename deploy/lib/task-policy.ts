import { Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { IAM_ACTIONS, type IamFeature } from "../../src/aws/iam-actions.js";
import type { KlaxonDeploySettings } from "./settings.js";

/** The features a deployment uses, and so the only actions its task role is given. */
export function featuresFor(settings: KlaxonDeploySettings): IamFeature[] {
  // "What changed?" is on by default in klaxon's config (`changes.enabled`).
  const features: IamFeature[] = ["logsInsights", "metricGraphs", "changes"];
  if (settings.shape === "http") features.unshift("snsSubscriptions");
  if (settings.shape === "socket") features.push("sqsIngest");
  if (settings.store === "dynamodb") features.push("dynamodbStore");
  return features;
}

/** The resources the task may touch, created by the stack or given as context. */
export interface TaskPolicyResources {
  readonly topicArns: readonly string[];
  readonly queueArn?: string;
  readonly tableArn?: string;
  readonly logGroups: readonly string[];
}

/**
 * The ARNs `logs:StartQuery` is allowed on: each named group (and its streams), or every group in the account and
 * region when none are named. A trailing `*` in a name is a prefix match.
 */
export function logGroupArns(scope: Construct, logGroups: readonly string[]): string[] {
  const { partition, region, account } = Stack.of(scope);
  const base = `arn:${partition}:logs:${region}:${account}:log-group:`;
  if (logGroups.length === 0) return [`${base}*`];
  return logGroups.flatMap((g) => (g.endsWith("*") ? [`${base}${g}`] : [`${base}${g}`, `${base}${g}:*`]));
}

/**
 * The task role's statements: for each feature exactly the actions {@link IAM_ACTIONS} lists (the one list the
 * README policy and the code's SDK calls are checked against), scoped to the deployment's own resources.
 * `logs:GetQueryResults`/`logs:StopQuery` and `cloudwatch:GetMetricWidgetImage` have no resource-level
 * permissions, so they get `*`; the rest never do.
 */
export function taskPolicyStatements(
  scope: Construct,
  features: readonly IamFeature[],
  resources: TaskPolicyResources,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const allow = (sid: string, actions: readonly string[], on: readonly string[]) =>
    statements.push(new PolicyStatement({ sid, actions: [...actions], resources: [...on] }));
  for (const feature of features) {
    switch (feature) {
      case "snsSubscriptions":
        allow("ConfirmSnsSubscriptions", IAM_ACTIONS.snsSubscriptions, resources.topicArns);
        break;
      case "logsInsights": {
        // Only StartQuery names log groups; the others act on a query id the task itself started.
        const byGroup = IAM_ACTIONS.logsInsights.filter((a) => a === "logs:StartQuery");
        const byQueryId = IAM_ACTIONS.logsInsights.filter((a) => a !== "logs:StartQuery");
        allow("LogsInsightsStart", byGroup, logGroupArns(scope, resources.logGroups));
        allow("LogsInsightsResults", byQueryId, ["*"]);
        break;
      }
      case "metricGraphs":
        allow("MetricGraphs", IAM_ACTIONS.metricGraphs, ["*"]);
        break;
      case "sqsIngest":
        if (resources.queueArn === undefined) throw new Error("sqsIngest needs the queue ARN");
        allow("SqsIngest", IAM_ACTIONS.sqsIngest, [resources.queueArn]);
        break;
      case "changes":
        // LookupEvents has no resource-level permissions; DescribeServices would take service ARNs, but which
        // services an alarm names is only known at run time (alarm dimensions and each service's `resources`).
        allow("WhatChanged", IAM_ACTIONS.changes, ["*"]);
        break;
      case "dynamodbStore":
        if (resources.tableArn === undefined) throw new Error("dynamodbStore needs the table ARN");
        allow("DynamoStore", IAM_ACTIONS.dynamodbStore, [resources.tableArn]);
        break;
    }
  }
  return statements;
}
