import { CfnOutput, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as targets from "aws-cdk-lib/aws-route53-targets";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { KlaxonDeploySettings } from "./settings.js";

/** What the HTTP shape puts in front of the service. */
export interface HttpFrontProps {
  readonly vpc: ec2.IVpc;
  readonly service: ecs.FargateService;
  readonly settings: KlaxonDeploySettings;
  readonly topics: readonly sns.ITopic[];
  readonly port: number;
}

/**
 * The only paths the internet reaches: SNS and Slack, and the rendered runbooks when asked for (they may name
 * internal systems, so by default alarm messages should link to your git host with `runbooks.baseUrl`).
 * `/metrics`, `/healthz` and `/readyz` stay inside the VPC.
 */
export function publicPaths(settings: Pick<KlaxonDeploySettings, "publicRunbooks">): string[] {
  return ["/sns", "/slack/events", ...(settings.publicRunbooks ? ["/runbooks/*"] : [])];
}

/**
 * An internet-facing load balancer with an HTTPS listener (TLS 1.2+), forwarding only {@link publicPaths} to the
 * service and answering 404 to anything else; target health is `/readyz`; access logs go to an encrypted bucket.
 * Each alarm topic gets an HTTPS subscription to `https://<domainName>/sns` that klaxon confirms itself, created
 * only once the service is stable, with a retry policy that rides out a task replacement.
 */
export class HttpFront extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: HttpFrontProps) {
    super(scope, id);
    const { settings } = props;
    const domainName = settings.domainName;
    const certificateArn = settings.certificateArn;
    if (domainName === undefined || certificateArn === undefined) {
      throw new Error("the HTTP shape needs domainName and certificateArn");
    }

    this.accessLogs = new s3.Bucket(this, "AccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(settings.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, "LoadBalancer", {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(this.accessLogs, "alb");

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, "Targets", {
      vpc: props.vpc,
      port: props.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [props.service.loadBalancerTarget({ containerName: "klaxon", containerPort: props.port })],
      healthCheck: {
        path: "/readyz",
        healthyHttpCodes: "200",
        interval: Duration.seconds(15),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      // SIGTERM makes klaxon answer 503 and drain; SNS retries what it refuses meanwhile.
      deregistrationDelay: Duration.seconds(30),
    });

    const listener = this.loadBalancer.addListener("Https", {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: true,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: "text/plain",
        messageBody: "not found",
      }),
    });
    listener.addTargetGroups("Klaxon", {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(publicPaths(settings))],
      targetGroups: [this.targetGroup],
    });

    let record: route53.ARecord | undefined;
    if (settings.hostedZone) {
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, "Zone", {
        hostedZoneId: settings.hostedZone.id,
        zoneName: settings.hostedZone.name,
      });
      record = new route53.ARecord(this, "Alias", {
        zone,
        recordName: domainName,
        target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }

    props.topics.forEach((topic, i) => {
      const subscription = new sns.Subscription(this, `Subscription${i}`, {
        topic,
        protocol: sns.SubscriptionProtocol.HTTPS,
        endpoint: `https://${domainName}/sns`,
        ...(topic.env.region !== "" && { region: topic.env.region }),
        deliveryPolicy: {
          healthyRetryPolicy: {
            minDelayTarget: Duration.seconds(5),
            maxDelayTarget: Duration.seconds(60),
            numRetries: 40,
            backoffFunction: sns.BackoffFunction.EXPONENTIAL,
          },
        },
      });
      // SNS sends the SubscriptionConfirmation at once: a task must be up to answer it.
      subscription.node.addDependency(props.service);
      if (record) subscription.node.addDependency(record);
    });

    new CfnOutput(scope, "LoadBalancerDnsName", {
      value: this.loadBalancer.loadBalancerDnsName,
      description: settings.hostedZone
        ? `alias record ${domainName} created`
        : `point ${domainName} (CNAME or Route 53 alias) at this name`,
    });
    new CfnOutput(scope, "SlackRequestUrl", { value: `https://${domainName}/slack/events` });
    new CfnOutput(scope, "SnsEndpoint", { value: `https://${domainName}/sns` });
  }
}
