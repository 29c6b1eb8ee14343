import { Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import type * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { KlaxonDeploySettings } from "./settings.js";
import type { SqsIngest } from "./sqs-ingest.js";

/** What the alarms watch. */
export interface ServiceAlarmsProps {
  readonly settings: KlaxonDeploySettings;
  readonly service: ecs.FargateService;
  /** `Klaxon/OutboxPending`, from the outbox-metric sidecar. */
  readonly outboxPending: cloudwatch.Metric;
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
  readonly ingest?: SqsIngest;
}

/**
 * Alarms on klaxon itself, sent (ALARM and OK) to `serviceAlarmTopicArn`: fewer running tasks than asked for,
 * unhealthy load-balancer targets, messages in the dead-letter queue, a queue nobody drains, and a Slack outbox
 * that keeps growing. A klaxon that is down cannot post its own alarm, so subscribe a second way (e-mail, pager)
 * to that topic as well; the README says how.
 */
export class ServiceAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const { settings, service } = props;
    const stackName = Stack.of(this).stackName;
    const action = new SnsAction(sns.Topic.fromTopicArn(this, "Topic", settings.serviceAlarmTopicArn));
    const add = (name: string, props: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, name, props);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };

    add("TasksBelowDesired", {
      alarmDescription: `${stackName}: fewer klaxon tasks running than the ${settings.replicas} asked for. Check the ECS service events and the task logs.`,
      metric: new cloudwatch.Metric({
        namespace: "ECS/ContainerInsights",
        metricName: "RunningTaskCount",
        dimensionsMap: { ClusterName: service.cluster.clusterName, ServiceName: service.serviceName },
        statistic: cloudwatch.Stats.MINIMUM,
        period: Duration.minutes(1),
      }),
      threshold: settings.replicas,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });

    if (props.targetGroup) {
      add("UnhealthyTargets", {
        alarmDescription: `${stackName}: a klaxon task fails /readyz behind the load balancer. Check its store and logs.`,
        metric: props.targetGroup.metrics.unhealthyHostCount({
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(1),
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 5,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    if (props.ingest) {
      add("DeadLetters", {
        alarmDescription: `${stackName}: alarm messages klaxon could not handle are in the dead-letter queue. Read them, fix the cause, redrive.`,
        metric: props.ingest.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(5),
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      add("QueueNotDrained", {
        alarmDescription: `${stackName}: the oldest alarm message has waited over 5 minutes. klaxon is not polling the queue.`,
        metric: props.ingest.queue.metricApproximateAgeOfOldestMessage({
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(1),
        }),
        threshold: 300,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    add("OutboxBacklog", {
      alarmDescription: `${stackName}: Slack messages are piling up undelivered (klaxon_outbox_pending). Check Slack's status, the bot token and rate-limit logs.`,
      metric: props.outboxPending.with({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(5) }),
      threshold: settings.outboxBacklogThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
