import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AccountConfig } from "../config/schema.js";
import { type AccountAccess, type AwsTarget, accessKey, resolveAccount } from "./aws-accounts.js";

/** Endpoint and credentials for tests against loopback fakes; production uses the SDK's defaults. */
export interface ClientOverrides {
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The AWS SDK clients klaxon uses. Endpoints and credentials follow the SDK's standard environment and chain. */
export interface AwsClients {
  readonly logs: CloudWatchLogsClient;
  /** CloudWatch Logs in a service's or alarm's account and region (home ones when absent), created on first use. */
  logsFor(target: AwsTarget): CloudWatchLogsClient;
  snsForRegion(region: string): SNSClient;
  /**
   * CloudWatch (metric graphs, alarm tags) in an alarm's own region and account, created on first use. The
   * account is a name or id under `accounts:`; absent or unknown, klaxon's own credentials.
   */
  cloudwatchForRegion(region: string, account?: string): CloudWatchClient;
  /** CloudTrail and ECS in an alarm's own region and account ("what changed"), created on first use. */
  cloudtrailForRegion(region: string, account?: string): CloudTrailClient;
  ecsForRegion(region: string, account?: string): ECSClient;
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
  readonly region?: string | undefined;
  readonly sns?: ClientOverrides;
  readonly logs?: ClientOverrides;
  readonly dynamodb?: ClientOverrides;
  readonly sqs?: ClientOverrides;
  readonly cloudwatch?: ClientOverrides;
  readonly cloudtrail?: ClientOverrides;
  readonly ecs?: ClientOverrides;
  /** The STS endpoint roles are assumed through (tests); its credentials are klaxon's own. */
  readonly sts?: ClientOverrides;
  /** Other accounts (config `accounts:`) and how to reach them. */
  readonly accounts?: Readonly<Record<string, AccountConfig>> | undefined;
}): AwsClients {
  let dynamodb: DynamoDBClient | undefined;
  let sqs: SQSClient | undefined;
  const accounts = options.accounts ?? {};
  const home = options.region === undefined ? {} : { region: options.region };
  const logs = new CloudWatchLogsClient({ ...home, maxAttempts: 1, ...options.logs });
  const sns = new Map<string, SNSClient>();
  const cloudwatch = new Map<string, CloudWatchClient>();
  const cloudtrail = new Map<string, CloudTrailClient>();
  const ecs = new Map<string, ECSClient>();
  const logsByTarget = new Map<string, CloudWatchLogsClient>();
  const perRegion = <C>(cache: Map<string, C>, region: string, create: () => C): C => {
    let c = cache.get(region);
    if (!c) {
      c = create();
      cache.set(region, c);
    }
    return c;
  };
  // One assumed-role provider per (role, region): STS is called in the region the data lives in, which also
  // keeps China and GovCloud roles inside their own partition. Each client memoises what the provider returns
  // and asks again shortly before the session expires (the SDK's own refresh), so nothing here caches keys.
  const providers = new Map<string, ReturnType<typeof fromTemporaryCredentials>>();
  const roleCredentials = (access: AccountAccess & { kind: "role" }, region: string) =>
    perRegion(providers, `${access.roleArn}|${region}`, () =>
      fromTemporaryCredentials({
        params: {
          RoleArn: access.roleArn,
          RoleSessionName: access.sessionName,
          ...(access.externalId !== undefined && { ExternalId: access.externalId }),
        },
        ...(options.sts?.credentials && { masterCredentials: options.sts.credentials }),
        clientConfig: {
          region,
          ...(options.sts?.endpoint !== undefined && { endpoint: options.sts.endpoint }),
        },
      }),
    );
  /**
   * Client options for one (account, region): the service's overrides with klaxon's own credentials, or the
   * overridden endpoint with the assumed role's credentials.
   */
  const configFor = (overrides: ClientOverrides | undefined, region: string, account: string | undefined) => {
    const access = resolveAccount(accounts, account);
    const key = `${accessKey(access)}|${region}`;
    if (access.kind === "default") return { key, config: { region, ...overrides } };
    return {
      key,
      config: {
        region,
        ...(overrides?.endpoint !== undefined && { endpoint: overrides.endpoint }),
        credentials: roleCredentials(access, region),
      },
    };
  };
  return {
    logs,
    logsFor(target) {
      const region = target.region ?? options.region;
      const access = resolveAccount(accounts, target.account);
      if (region === undefined || (access.kind === "default" && region === options.region)) return logs;
      const { key, config } = configFor(options.logs, region, target.account);
      return perRegion(logsByTarget, key, () => new CloudWatchLogsClient({ ...config, maxAttempts: 1 }));
    },
    snsForRegion(region) {
      let c = sns.get(region);
      if (!c) {
        c = new SNSClient({ region, ...options.sns });
        sns.set(region, c);
      }
      return c;
    },
    cloudwatchForRegion(region, account) {
      const { key, config } = configFor(options.cloudwatch, region, account);
      return perRegion(cloudwatch, key, () => new CloudWatchClient(config));
    },
    cloudtrailForRegion(region, account) {
      // The change lookup paces and retries LookupEvents itself (about 2 requests/s per account and region).
      const { key, config } = configFor(options.cloudtrail, region, account);
      return perRegion(cloudtrail, key, () => new CloudTrailClient({ maxAttempts: 1, ...config }));
    },
    ecsForRegion(region, account) {
      const { key, config } = configFor(options.ecs, region, account);
      return perRegion(ecs, key, () => new ECSClient(config));
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
      for (const c of logsByTarget.values()) c.destroy();
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
