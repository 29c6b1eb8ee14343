import { existsSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { HttpFront } from "./http-front.js";
import { suppressWithReasons } from "./nag-suppressions.js";
import { OUTBOX_METRIC, OUTBOX_METRIC_SCRIPT } from "./outbox-metric-sidecar.js";
import { ServiceAlarms } from "./service-alarms.js";
import { type KlaxonDeploySettings, SettingsError } from "./settings.js";
import { SqsIngest } from "./sqs-ingest.js";
import { featuresFor, taskPolicyStatements } from "./task-policy.js";

/** The stack's inputs: validated settings, where the repository is, and optionally a ready-made image. */
export interface KlaxonStackProps extends StackProps {
  readonly settings: KlaxonDeploySettings;
  /** The klaxon repository root: the Docker build context and where `settings.configFile` lives. */
  readonly repoRoot: string;
  /** An image to run instead of building the repository's Dockerfile (tests, or a registry you publish to). */
  readonly image?: ecs.ContainerImage;
}

const PORT = 3000;
/** klaxon drains its outbox for up to 20 s on SIGTERM; give it that before SIGKILL. */
const STOP_TIMEOUT = Duration.seconds(30);
const HEALTH_COMMAND = `fetch('http://127.0.0.1:${PORT}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`;

/** Paths under the repository root that never belong in the image's build context (also in .dockerignore). */
const BUILD_EXCLUDES = [
  "node_modules",
  "**/node_modules",
  ".git",
  "data",
  "dist",
  "coverage",
  "deploy",
  "test",
];

/**
 * klaxon on ECS Fargate in one of the three shapes: HTTP behind an HTTPS load balancer with SNS HTTPS
 * subscriptions, Socket Mode with an SQS queue and no inbound port, and either of them with a DynamoDB table and
 * several tasks. Secrets come from one Secrets Manager secret, the config file is baked into the image, logs go to
 * CloudWatch Logs with a retention, and the service alarms on itself.
 */
export class KlaxonStack extends Stack {
  constructor(scope: Construct, id: string, props: KlaxonStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const vpc = new ec2.Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "tasks", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const flowLogGroup = new logs.LogGroup(this, "FlowLogs", {
      retention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    vpc.addFlowLog("FlowLog", { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup) });

    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const table =
      settings.store === "dynamodb"
        ? new dynamodb.Table(this, "Store", {
            partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
            sortKey: { name: "sk", type: dynamodb.AttributeType.STRING },
            billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
            timeToLiveAttribute: "expiresAt",
            pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
            removalPolicy: RemovalPolicy.RETAIN,
          })
        : undefined;
    const topics = settings.alarmTopicArns.map((arn, i) =>
      sns.Topic.fromTopicArn(this, `AlarmTopic${i}`, arn),
    );
    const ingest =
      settings.shape === "socket"
        ? new SqsIngest(this, "Ingest", { topics, rawMessageDelivery: settings.rawMessageDelivery })
        : undefined;

    const taskRole = new iam.Role(this, "TaskRole", {
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: "klaxon: exactly the AWS calls its code makes for this deployment's features",
    });
    const features = featuresFor(settings);
    const statements = taskPolicyStatements(this, features, {
      topicArns: settings.alarmTopicArns,
      logGroups: settings.logGroups,
      ...(ingest && { queueArn: ingest.queue.queueArn }),
      ...(table && { tableArn: table.tableArn }),
    });
    const taskPolicy = new iam.Policy(this, "TaskPolicy", { statements, roles: [taskRole] });

    const taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      cpu: settings.cpu,
      memoryLimitMiB: settings.memoryMiB,
      taskRole,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    taskDefinition.addVolume({ name: "data" });

    const image = props.image ?? this.buildImage(props.repoRoot, settings.configFile);
    const secret = secretsmanager.Secret.fromSecretNameV2(this, "SlackSecret", settings.secretName);
    const fromSecret = (key: string) => ecs.Secret.fromSecretsManager(secret, key);
    const secrets: Record<string, ecs.Secret> = {
      SLACK_BOT_TOKEN: fromSecret("SLACK_BOT_TOKEN"),
      SLACK_SIGNING_SECRET: fromSecret("SLACK_SIGNING_SECRET"),
      ...(settings.shape === "socket" && { SLACK_APP_TOKEN: fromSecret("SLACK_APP_TOKEN") }),
      ...(settings.eventbridgeApiKey && {
        KLAXON_EVENTBRIDGE_API_KEY: fromSecret("KLAXON_EVENTBRIDGE_API_KEY"),
      }),
    };
    // Only names, never secrets: the secrets above reach the task through the execution role at start.
    const environment: Record<string, string> = {
      PORT: String(PORT),
      KLAXON_CONFIG: "/app/klaxon.yaml",
      KLAXON_DB: "/app/data/klaxon.db",
      KLAXON_STORE: settings.store,
      AWS_REGION: this.region,
      ...(table && { KLAXON_DYNAMODB_TABLE: table.tableName }),
      ...(ingest && { KLAXON_SQS_QUEUE_URL: ingest.queue.queueUrl }),
    };
    const klaxon = taskDefinition.addContainer("klaxon", {
      image,
      essential: true,
      environment,
      secrets,
      portMappings: [{ containerPort: PORT, name: "http" }],
      healthCheck: {
        command: ["CMD", "node", "-e", HEALTH_COMMAND],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        startPeriod: Duration.seconds(30),
        retries: 3,
      },
      readonlyRootFilesystem: true,
      stopTimeout: STOP_TIMEOUT,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "klaxon" }),
    });
    klaxon.addMountPoints({ sourceVolume: "data", containerPath: "/app/data", readOnly: false });

    taskDefinition.addContainer("outbox-metric", {
      image,
      essential: false,
      command: ["node", "-e", OUTBOX_METRIC_SCRIPT],
      environment: {
        KLAXON_METRICS_URL: `http://127.0.0.1:${PORT}/metrics`,
        KLAXON_SERVICE_NAME: this.stackName,
      },
      readonlyRootFilesystem: true,
      memoryReservationMiB: 64,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "outbox-metric" }),
    });
    const outboxPending = new logs.MetricFilter(this, "OutboxPendingFilter", {
      logGroup,
      filterPattern: logs.FilterPattern.stringValue("$.metric", "=", OUTBOX_METRIC.field),
      metricNamespace: OUTBOX_METRIC.namespace,
      metricName: OUTBOX_METRIC.name,
      metricValue: "$.value",
      dimensions: { Service: "$.service" },
    }).metric({ dimensionsMap: { Service: this.stackName } });

    const cluster = new ecs.Cluster(this, "Cluster", {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const service = new ecs.FargateService(this, "Service", {
      cluster,
      taskDefinition,
      desiredCount: settings.replicas,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      ...(settings.shape === "http" && { healthCheckGracePeriod: Duration.seconds(60) }),
    });
    // The role's policy is a separate resource: tasks must not start (and poll, or confirm) before it exists.
    service.node.addDependency(taskPolicy);

    const front =
      settings.shape === "http"
        ? new HttpFront(this, "Http", { vpc, service, settings, topics, port: PORT })
        : undefined;

    new ServiceAlarms(this, "Alarms", {
      settings,
      service,
      outboxPending,
      ...(front && { targetGroup: front.targetGroup }),
      ...(ingest && { ingest }),
    });

    suppressWithReasons({ taskPolicy, taskDefinition, ...(front && { front }) });

    new CfnOutput(this, "LogGroupName", { value: logGroup.logGroupName });
    new CfnOutput(this, "ServiceName", { value: service.serviceName });
    if (table) new CfnOutput(this, "TableName", { value: table.tableName });
  }

  /** The repository's Dockerfile, built at deploy time (synth only stages the files) with the config baked in. */
  private buildImage(repoRoot: string, configFile: string): ecs.ContainerImage {
    const path = isAbsolute(configFile) ? configFile : join(repoRoot, configFile);
    const inside = relative(repoRoot, path).split("\\").join("/");
    const excluded = BUILD_EXCLUDES.some((e) => inside === e || inside.startsWith(`${e}/`));
    if (inside.startsWith("..") || isAbsolute(inside) || excluded || !existsSync(path)) {
      throw new SettingsError([
        {
          key: "configFile",
          message:
            `"${configFile}" is not a file in the image's build context (the repository ${repoRoot}, less ` +
            `${BUILD_EXCLUDES.join(", ")}). Copy klaxon.example.yaml to klaxon.yaml at the repository root, list ` +
            "your alarm topics under sns.topicArns, and deploy again.",
        },
      ]);
    }
    return ecs.ContainerImage.fromAsset(repoRoot, {
      buildArgs: { KLAXON_CONFIG_FILE: inside },
      platform: Platform.LINUX_AMD64,
      exclude: BUILD_EXCLUDES,
    });
  }
}
