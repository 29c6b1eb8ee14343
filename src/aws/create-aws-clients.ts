import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";

/** Endpoint and credentials for tests against loopback fakes; production uses the SDK's defaults. */
export interface ClientOverrides {
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The AWS SDK clients klaxon uses. Endpoints and credentials follow the SDK's standard environment and chain. */
export interface AwsClients {
  readonly logs: CloudWatchLogsClient;
  snsForRegion(region: string): SNSClient;
  /** CloudWatch (metric graphs) in an alarm's own region, created on first use. */
  cloudwatchForRegion(region: string): CloudWatchClient;
  /** CloudTrail and ECS in an alarm's own region ("what changed"), created on first use. */
  cloudtrailForRegion(region: string): CloudTrailClient;
  ecsForRegion(region: string): ECSClient;
  /** Created on first use: only scale-out deployments need them. */
  dynamodb(): DynamoDBClient;
  sqs(): SQSClient;
  destroy(): void;
}

/**
 * Creates the SDK clients — the only place klaxon constructs them. The Logs client makes one attempt per call
 * because the query runner retries with its own backoff (the SDK would otherwise multiply the retries).
 */
export function createAwsClients(options: {
  /** klaxon's home region; absent only in modes that make no AWS calls of their own. */
  readonly region?: string;
  readonly sns?: ClientOverrides;
  readonly logs?: ClientOverrides;
  readonly dynamodb?: ClientOverrides;
  readonly sqs?: ClientOverrides;
  readonly cloudwatch?: ClientOverrides;
  readonly cloudtrail?: ClientOverrides;
  readonly ecs?: ClientOverrides;
}): AwsClients {
  let dynamodb: DynamoDBClient | undefined;
  let sqs: SQSClient | undefined;
  const home = options.region === undefined ? {} : { region: options.region };
  const logs = new CloudWatchLogsClient({ ...home, maxAttempts: 1, ...options.logs });
  const sns = new Map<string, SNSClient>();
  const cloudwatch = new Map<string, CloudWatchClient>();
  const cloudtrail = new Map<string, CloudTrailClient>();
  const ecs = new Map<string, ECSClient>();
  const perRegion = <C>(cache: Map<string, C>, region: string, create: () => C): C => {
    let c = cache.get(region);
    if (!c) {
      c = create();
      cache.set(region, c);
    }
    return c;
  };
  return {
    logs,
    snsForRegion(region) {
      let c = sns.get(region);
      if (!c) {
        c = new SNSClient({ region, ...options.sns });
        sns.set(region, c);
      }
      return c;
    },
    cloudwatchForRegion(region) {
      let c = cloudwatch.get(region);
      if (!c) {
        c = new CloudWatchClient({ region, ...options.cloudwatch });
        cloudwatch.set(region, c);
      }
      return c;
    },
    cloudtrailForRegion(region) {
      // The change lookup paces and retries LookupEvents itself (about 2 requests/s per account and region).
      return perRegion(
        cloudtrail,
        region,
        () => new CloudTrailClient({ region, maxAttempts: 1, ...options.cloudtrail }),
      );
    },
    ecsForRegion(region) {
      return perRegion(ecs, region, () => new ECSClient({ region, ...options.ecs }));
    },
    dynamodb() {
      dynamodb ??= new DynamoDBClient({ ...home, ...options.dynamodb });
      return dynamodb;
    },
    sqs() {
      sqs ??= new SQSClient({ ...home, ...options.sqs });
      return sqs;
    },
    destroy() {
      logs.destroy();
      dynamodb?.destroy();
      sqs?.destroy();
      for (const c of sns.values()) c.destroy();
      for (const c of cloudwatch.values()) c.destroy();
      for (const c of cloudtrail.values()) c.destroy();
      for (const c of ecs.values()) c.destroy();
    },
  };
}

/**
 * The region the AWS SDK's own chain finds (`AWS_REGION`, then the profile's `region` in the shared config
 * files), read from a client created without one; rejects when there is none.
 */
export async function sdkDefaultRegion(): Promise<string> {
  const probe = new CloudWatchLogsClient({});
  try {
    return await probe.config.region();
  } finally {
    probe.destroy();
  }
}
