import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** The alarm topics and how their messages are delivered to the queue. */
export interface SqsIngestProps {
  readonly topics: readonly sns.ITopic[];
  /** Raw delivery drops the SNS envelope; off (the default) keeps its signature check and topic allowlist. */
  readonly rawMessageDelivery: boolean;
}

/**
 * The way in for Socket Mode: a queue subscribed to the alarm topics, whose policy lets only those topics send,
 * and a dead-letter queue. klaxon drops a poison message itself after 5 receives; the queue moves it to the DLQ
 * after 3, so it is kept (and alarms) instead.
 */
export class SqsIngest extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SqsIngestProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetters", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.queue = new sqs.Queue(this, "Alarms", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // klaxon extends visibility while it works; this only bounds a task that died holding a message.
      visibilityTimeout: Duration.seconds(60),
      receiveMessageWaitTime: Duration.seconds(20),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // One statement for all topics: SNS may send, and only on behalf of these topics.
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AlarmTopicsOnly",
        principals: [new iam.ServicePrincipal("sns.amazonaws.com")],
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
        conditions: { ArnEquals: { "aws:SourceArn": props.topics.map((t) => t.topicArn) } },
      }),
    );
    props.topics.forEach((topic, i) => {
      const subscription = new sns.Subscription(this, `Subscription${i}`, {
        topic,
        protocol: sns.SubscriptionProtocol.SQS,
        endpoint: this.queue.queueArn,
        rawMessageDelivery: props.rawMessageDelivery,
        ...(topic.env.region !== "" && { region: topic.env.region }),
      });
      // Messages published before the queue policy exists would be dropped.
      subscription.node.addDependency(this.queue);
    });
  }
}
