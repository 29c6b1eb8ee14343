import type * as ecs from "aws-cdk-lib/aws-ecs";
import type * as iam from "aws-cdk-lib/aws-iam";
import cdkNag from "cdk-nag";
import type { HttpFront } from "./http-front.js";

const { NagSuppressions } = cdkNag;

/** The constructs whose cdk-nag findings are accepted, each with the reason. */
export interface SuppressionTargets {
  readonly taskPolicy: iam.Policy;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly front?: HttpFront;
}

/**
 * Accepts the AwsSolutions findings this design keeps on purpose, each narrowed with `appliesTo` to the exact
 * wildcard it excuses and written into the template's metadata with its reason. Anything else the checks find
 * fails the synth (and the tests).
 */
export function suppressWithReasons(targets: SuppressionTargets): void {
  NagSuppressions.addResourceSuppressions(targets.taskPolicy, [
    {
      id: "AwsSolutions-IAM5",
      reason:
        "logs:GetQueryResults and logs:StopQuery act on a query id the task itself started, and " +
        "cloudwatch:GetMetricWidgetImage only reads metric data; none of the three supports resource-level permissions. " +
        "cloudtrail:LookupEvents has none either, and ecs:DescribeServices (read-only) is called for whichever services " +
        "an alarm's dimensions name, known only at run time.",
      appliesTo: ["Resource::*"],
    },
    {
      id: "AwsSolutions-IAM5",
      reason:
        "logs:StartQuery is scoped to the log groups given with -c logGroups; ':*' covers their streams, a name " +
        "ending in '*' is a prefix the operator chose, and with no groups given Insights may read every group in " +
        "this account and region, which the README tells operators to narrow.",
      appliesTo: [{ regex: "/^Resource::arn:<AWS::Partition>:logs:.+:log-group:.*$/g" }],
    },
  ]);

  NagSuppressions.addResourceSuppressions(targets.taskDefinition, [
    {
      id: "AwsSolutions-ECS2",
      reason:
        "The environment holds only names and switches (port, config path, store kind, table name, queue URL, " +
        "region); every secret comes from Secrets Manager through the task definition's secrets.",
    },
  ]);
  const executionRole = targets.taskDefinition.executionRole;
  if (executionRole) {
    NagSuppressions.addResourceSuppressions(
      executionRole,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "ecr:GetAuthorizationToken, granted by CDK to pull the image, has no resource-level permissions; the " +
            "pull itself is limited to the image's repository.",
          appliesTo: ["Resource::*"],
        },
      ],
      true,
    );
  }

  if (targets.front) {
    NagSuppressions.addResourceSuppressions(targets.front.accessLogs, [
      {
        id: "AwsSolutions-S1",
        reason:
          "This bucket only receives the load balancer's access logs; logging access to the log bucket would need " +
          "another bucket with the same finding.",
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      targets.front.loadBalancer,
      [
        {
          id: "AwsSolutions-EC23",
          reason:
            "Slack and Amazon SNS call klaxon from the internet without fixed source ranges; the listener takes " +
            "HTTPS on 443 only, forwards /sns and /slack/events (and /runbooks/* if asked) and answers 404 to the " +
            "rest, and klaxon verifies the signature of every SNS and Slack request.",
        },
      ],
      true,
    );
  }
}
