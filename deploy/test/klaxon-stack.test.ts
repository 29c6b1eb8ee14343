import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Aspects } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import cdkNag from "cdk-nag";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IAM_ACTIONS, type IamFeature } from "../../src/aws/iam-actions.js";
import { KlaxonStack } from "../lib/klaxon-stack.js";
import { readSettings } from "../lib/settings.js";
import {
  ACCOUNT,
  appDir,
  OTHER_TOPIC,
  REGION,
  REGISTRY_IMAGE,
  REPO_ROOT,
  removeAppDirs,
  SHAPES,
  type ShapeName,
  type Synthesised,
  synth,
  TOPIC,
} from "./stacks.js";

type Json = Record<string, unknown>;
interface Shape extends Synthesised {
  readonly template: Template;
}

const shapes = {} as Record<ShapeName, Shape>;
beforeAll(() => {
  for (const name of Object.keys(SHAPES) as ShapeName[]) {
    // The HTTP shape builds the repository's Dockerfile (staged, not built, at synth); the others use a registry.
    const built = synth(SHAPES[name], name === "http" ? undefined : REGISTRY_IMAGE);
    shapes[name] = { ...built, template: Template.fromStack(built.stack) };
  }
}, 180_000);
afterAll(removeAppDirs);

function resourcesOf(template: Template, type: string): Json[] {
  return Object.values(template.findResources(type)) as Json[];
}

function propsOf(resource: Json): Json {
  return resource.Properties as Json;
}

/** The statements of the task role's policies (all of them: the role must have no other). */
function taskRoleStatements(template: Template): Json[] {
  const [taskDefinition] = resourcesOf(template, "AWS::ECS::TaskDefinition");
  const [roleId] = (propsOf(taskDefinition as Json).TaskRoleArn as { "Fn::GetAtt": string[] })["Fn::GetAtt"];
  const policies = resourcesOf(template, "AWS::IAM::Policy").filter((p) =>
    JSON.stringify(propsOf(p).Roles).includes(`"${roleId}"`),
  );
  expect(policies).toHaveLength(1);
  const role = template.toJSON().Resources[`${roleId}`] as Json;
  expect(propsOf(role).ManagedPolicyArns).toBeUndefined();
  expect(propsOf(role).Policies).toBeUndefined();
  return (propsOf(policies[0] as Json).PolicyDocument as { Statement: Json[] }).Statement;
}

function actionsOf(statements: Json[]): string[] {
  return statements
    .flatMap((s) => (Array.isArray(s.Action) ? (s.Action as string[]) : [s.Action as string]))
    .sort();
}

function expectedActions(features: IamFeature[]): string[] {
  return features.flatMap((f) => [...IAM_ACTIONS[f]]).sort();
}

function containers(template: Template): Json[] {
  const [taskDefinition] = resourcesOf(template, "AWS::ECS::TaskDefinition");
  return propsOf(taskDefinition as Json).ContainerDefinitions as Json[];
}

function klaxonContainer(template: Template): Json {
  const klaxon = containers(template).find((c) => c.Name === "klaxon");
  if (!klaxon) throw new Error("no klaxon container");
  return klaxon;
}

function envOf(container: Json): Record<string, string> {
  return Object.fromEntries(
    ((container.Environment ?? []) as { Name: string; Value: unknown }[]).map((e) => [
      e.Name,
      JSON.stringify(e.Value),
    ]),
  );
}

function secretNames(container: Json): string[] {
  return ((container.Secrets ?? []) as { Name: string }[]).map((s) => s.Name).sort();
}

describe.each(Object.keys(SHAPES) as ShapeName[])("the %s shape", (name) => {
  it("passes the AWS Solutions checks with no error or warning left", () => {
    const annotations = Annotations.fromStack(shapes[name].stack);
    expect(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-"))).toEqual([]);
    expect(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-"))).toEqual([]);
  });

  it("gives a reason for every suppressed finding", () => {
    const suppressions = Object.values(
      shapes[name].template.toJSON().Resources as Record<string, Json>,
    ).flatMap(
      (r) =>
        ((r.Metadata as Json | undefined)?.cdk_nag as { rules_to_suppress?: Json[] } | undefined)
          ?.rules_to_suppress ?? [],
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) expect(String(s.reason).length, JSON.stringify(s)).toBeGreaterThan(60);
  });

  it("passes secrets from Secrets Manager and never as plain environment values", () => {
    const klaxon = klaxonContainer(shapes[name].template);
    const expected = [
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET",
      ...(name === "http" ? [] : ["SLACK_APP_TOKEN"]),
    ];
    expect(secretNames(klaxon)).toEqual(expected.sort());
    for (const s of klaxon.Secrets as { Name: string; ValueFrom: unknown }[]) {
      expect(JSON.stringify(s.ValueFrom)).toContain(
        `:secretsmanager:${REGION}:${ACCOUNT}:secret:klaxon/slack:${s.Name}::`,
      );
    }
    for (const container of containers(shapes[name].template)) {
      const names = Object.keys(envOf(container));
      expect(names.filter((n) => /TOKEN|SECRET|API_KEY|PASSWORD/.test(n))).toEqual([]);
    }
  });

  it("logs to CloudWatch Logs with a retention, and checks /healthz in the container", () => {
    const { template } = shapes[name];
    for (const container of containers(template)) {
      expect((container.LogConfiguration as Json).LogDriver).toBe("awslogs");
      expect(container.ReadonlyRootFilesystem).toBe(true);
    }
    for (const group of resourcesOf(template, "AWS::Logs::LogGroup"))
      expect(propsOf(group).RetentionInDays).toBe(30);
    expect(JSON.stringify(klaxonContainer(template).HealthCheck)).toContain("/healthz");
    expect(klaxonContainer(template).StopTimeout).toBeGreaterThanOrEqual(25);
  });

  it("turns the outbox gauge into a metric and alarms on it, sending alarms to the topic", () => {
    const { template } = shapes[name];
    template.hasResourceProperties("AWS::Logs::MetricFilter", {
      FilterPattern: '{ $.metric = "klaxon_outbox_pending" }',
      MetricTransformations: [Match.objectLike({ MetricName: "OutboxPending", MetricValue: "$.value" })],
    });
    const alarms = resourcesOf(template, "AWS::CloudWatch::Alarm").map(propsOf);
    const metrics = alarms.map((a) => `${a.Namespace}/${a.MetricName}`).sort();
    const expected = [
      "ECS/ContainerInsights/RunningTaskCount",
      "Klaxon/OutboxPending",
      ...(name === "http" ? ["AWS/ApplicationELB/UnHealthyHostCount"] : []),
      ...(name === "http"
        ? []
        : ["AWS/SQS/ApproximateAgeOfOldestMessage", "AWS/SQS/ApproximateNumberOfMessagesVisible"]),
    ].sort();
    expect(metrics).toEqual(expected);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([TOPIC]);
      expect(alarm.OKActions).toEqual([TOPIC]);
    }
  });
});

describe("the task role", () => {
  it("holds exactly the actions IAM_ACTIONS lists for each shape's features", () => {
    const features: Record<ShapeName, IamFeature[]> = {
      http: ["snsSubscriptions", "logsInsights", "metricGraphs", "changes"],
      socket: ["logsInsights", "metricGraphs", "changes", "sqsIngest"],
      replicas: ["logsInsights", "metricGraphs", "changes", "sqsIngest", "dynamodbStore"],
    };
    for (const name of Object.keys(SHAPES) as ShapeName[]) {
      expect(actionsOf(taskRoleStatements(shapes[name].template)), name).toEqual(
        expectedActions(features[name]),
      );
    }
  });

  it("scopes each action to the topics, queue, table and log groups of the deployment", () => {
    const bySid = (name: ShapeName) =>
      Object.fromEntries(
        taskRoleStatements(shapes[name].template).map((s) => [s.Sid, JSON.stringify(s.Resource)]),
      );
    const http = bySid("http");
    expect(JSON.parse(http.ConfirmSnsSubscriptions ?? "")).toEqual([TOPIC, OTHER_TOPIC]);
    expect(http.LogsInsightsStart).toContain(`:logs:${REGION}:${ACCOUNT}:log-group:/ecs/api-prod"`);
    expect(http.LogsInsightsStart).toContain(`:logs:${REGION}:${ACCOUNT}:log-group:/ecs/api-prod:*"`);
    expect(http.LogsInsightsStart).toContain(`:log-group:/aws/lambda/checkout-*"`);
    expect(bySid("socket").LogsInsightsStart).toContain(`:logs:${REGION}:${ACCOUNT}:log-group:*"`);
    const replicas = bySid("replicas");
    expect(replicas.SqsIngest).toMatch(/^\{"Fn::GetAtt":\["IngestAlarms[0-9A-F]{8}","Arn"\]\}$/);
    expect(replicas.DynamoStore).toMatch(/^\{"Fn::GetAtt":\["Store[0-9A-F]{8}","Arn"\]\}$/);
    for (const name of Object.keys(SHAPES) as ShapeName[]) {
      const wildcards = taskRoleStatements(shapes[name].template).filter((s) => s.Resource === "*");
      expect(actionsOf(wildcards)).toEqual([
        "cloudtrail:LookupEvents",
        "cloudwatch:GetMetricWidgetImage",
        "ecs:DescribeServices",
        "logs:GetQueryResults",
        "logs:StopQuery",
      ]);
    }
  });
});

describe("the HTTP shape", () => {
  it("terminates HTTPS with the given certificate and forwards only /sns and /slack/events", () => {
    const { template } = shapes.http;
    expect(resourcesOf(template, "AWS::ElasticLoadBalancingV2::Listener").map(propsOf)).toEqual([
      expect.objectContaining({
        Port: 443,
        Protocol: "HTTPS",
        Certificates: [{ CertificateArn: SHAPES.http.certificateArn }],
        DefaultActions: [expect.objectContaining({ Type: "fixed-response" })],
      }),
    ]);
    const rules = resourcesOf(template, "AWS::ElasticLoadBalancingV2::ListenerRule").map(propsOf);
    expect(rules.map((r) => r.Conditions)).toEqual([
      [{ Field: "path-pattern", PathPatternConfig: { Values: ["/sns", "/slack/events"] } }],
    ]);
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
      HealthCheckPath: "/readyz",
      Port: 3000,
      TargetType: "ip",
    });
    template.hasResourceProperties("AWS::EC2::SecurityGroup", {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: "0.0.0.0/0", FromPort: 443, ToPort: 443 })],
    });
  });

  it("exposes the rendered runbooks only when asked to", () => {
    const { stack } = synth({ ...SHAPES.http, publicRunbooks: "true" }, REGISTRY_IMAGE);
    Template.fromStack(stack).hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
      Conditions: [
        { Field: "path-pattern", PathPatternConfig: { Values: ["/sns", "/slack/events", "/runbooks/*"] } },
      ],
    });
  });

  it("subscribes klaxon's /sns to every topic once the service and its DNS name exist", () => {
    const { template } = shapes.http;
    const subscriptions = Object.values(template.findResources("AWS::SNS::Subscription")) as Json[];
    expect(subscriptions.map((s) => propsOf(s).TopicArn)).toEqual([TOPIC, OTHER_TOPIC]);
    for (const s of subscriptions) {
      expect(propsOf(s)).toMatchObject({ Protocol: "https", Endpoint: "https://klaxon.example.com/sns" });
      expect(propsOf(s).DeliveryPolicy).toMatchObject({ healthyRetryPolicy: { numRetries: 40 } });
      const dependsOn = s.DependsOn as string[];
      expect(dependsOn.some((d) => d.startsWith("Service"))).toBe(true);
      expect(dependsOn.some((d) => d.startsWith("HttpAlias"))).toBe(true);
    }
    expect((subscriptions[1] as Json).Properties).toMatchObject({ Region: "us-east-1" });
    template.hasResourceProperties("AWS::Route53::RecordSet", { Name: "klaxon.example.com.", Type: "A" });
  });

  it("builds the image from the repository's Dockerfile with the chosen config file baked in", () => {
    const assembly = shapes.http.app.synth();
    const manifest = JSON.parse(readFileSync(join(assembly.directory, "Klaxon.assets.json"), "utf8")) as {
      dockerImages: Record<string, { source: Json }>;
    };
    const images = Object.values(manifest.dockerImages).map((i) => i.source);
    expect(images).toEqual([
      expect.objectContaining({
        dockerBuildArgs: { KLAXON_CONFIG_FILE: "klaxon.example.yaml" },
        platform: "linux/amd64",
      }),
    ]);
    // The staged build context is the repository without its tests, dependencies or this deploy app.
    const staged = readdirSync(join(assembly.directory, String(images[0]?.directory)));
    expect(staged).toEqual(
      expect.arrayContaining(["Dockerfile", "package.json", "src", "klaxon.example.yaml"]),
    );
    for (const left of ["node_modules", "deploy", "test", ".git"]) expect(staged).not.toContain(left);
  });

  it("refuses a config file that is not in the repository before anything is deployed", () => {
    for (const configFile of ["../elsewhere.yaml", "klaxon.missing.yaml", "test/support/harness.ts"]) {
      expect(() => synth({ ...SHAPES.http, configFile })).toThrow(
        `-c configFile: "${configFile}" is not a file in the image's build context`,
      );
    }
  });
});

describe("the Socket Mode shape", () => {
  it("has no load balancer and no inbound rule", () => {
    const { template } = shapes.socket;
    template.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
    for (const sg of resourcesOf(template, "AWS::EC2::SecurityGroup"))
      expect(propsOf(sg).SecurityGroupIngress).toBeUndefined();
    template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
  });

  it("polls a queue that only the alarm topics may send to, with a dead-letter queue", () => {
    const { template } = shapes.socket;
    const queues = template.findResources("AWS::SQS::Queue");
    const main = Object.values(queues).find(
      (q) => (q as Json).Properties && propsOf(q as Json).RedrivePolicy,
    ) as Json;
    expect(propsOf(main).RedrivePolicy).toMatchObject({ maxReceiveCount: 3 });
    const allows = resourcesOf(template, "AWS::SQS::QueuePolicy")
      .flatMap((p) => (propsOf(p).PolicyDocument as { Statement: Json[] }).Statement)
      .filter((s) => s.Effect === "Allow");
    expect(allows).toEqual([
      expect.objectContaining({
        Action: "sqs:SendMessage",
        Principal: { Service: "sns.amazonaws.com" },
        Condition: { ArnEquals: { "aws:SourceArn": [TOPIC] } },
      }),
    ]);
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "sqs",
      RawMessageDelivery: false,
      TopicArn: TOPIC,
    });
    const env = envOf(klaxonContainer(template));
    expect(env.KLAXON_SQS_QUEUE_URL).toMatch(/"Ref":"IngestAlarms/);
    expect(env.KLAXON_STORE).toBe('"sqlite"');
  });
});

describe("the replicas shape", () => {
  it("runs N tasks on a DynamoDB table with pk/sk, TTL on expiresAt, on-demand and point-in-time recovery", () => {
    const { template } = shapes.replicas;
    template.hasResourceProperties("AWS::ECS::Service", {
      DesiredCount: 3,
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    const env = envOf(klaxonContainer(template));
    expect(env.KLAXON_STORE).toBe('"dynamodb"');
    expect(env.KLAXON_DYNAMODB_TABLE).toMatch(/"Ref":"Store/);
  });
});

describe("without credentials (an environment-agnostic synth, as `npx cdk synth` runs offline)", () => {
  it("still passes the AWS Solutions checks", () => {
    const app = new App({ context: SHAPES.socket, outdir: appDir() });
    const settings = readSettings((key) => app.node.tryGetContext(key));
    const stack = new KlaxonStack(app, "Klaxon", { settings, repoRoot: REPO_ROOT, image: REGISTRY_IMAGE });
    Aspects.of(app).add(new cdkNag.AwsSolutionsChecks());
    expect(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-"))).toEqual([]);
  });
});
