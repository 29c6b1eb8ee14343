import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AccountConfig } from "../config/schema.js";
import { type AccountAccess, type AwsTarget, accessKey, resolveAccount } from "./aws-accounts.js";
import { type LazyClient, lazyClient } from "./lazy-client.js";

/** Endpoint and credentials for tests against loopback fakes; production uses the SDK's defaults. */
export interface ClientOverrides {
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * The AWS SDK clients klaxon uses. Endpoints and credentials follow the SDK's standard environment and chain. Each
 * SDK package is imported on the first call that needs it (see {@link LazyClient}), so none is loaded to start.
 */
export interface AwsClients {
  readonly logs: LazyClient<CloudWatchLogsClient>;
  /** CloudWatch Logs in a service's or alarm's account and region (home ones when absent), created on first use. */
  logsFor(target: AwsTarget): LazyClient<CloudWatchLogsClient>;
  snsForRegion(region: string): LazyClient<SNSClient>;
  /**
   * CloudWatch (metric graphs, alarm tags) in an alarm's own region and account, created on first use. The
   * account is a name or id under `accounts:`; absent or unknown, klaxon's own credentials.
   */
  cloudwatchForRegion(region: string, account?: string): LazyClient<CloudWatchClient>;
  /** CloudTrail and ECS in an alarm's own region and account ("what changed"), created on first use. */
  cloudtrailForRegion(region: string, account?: string): LazyClient<CloudTrailClient>;
  ecsForRegion(region: string, account?: string): LazyClient<ECSClient>;
  /** Created on first use: only scale-out deployments need them. */
  dynamodb(): LazyClient<DynamoDBClient>;
  sqs(): LazyClient<SQSClient>;
  destroy(): void;
}

/** Endpoint and credentials per AWS client, for tests against loopback fakes; production uses the SDK's defaults. */
export interface AwsClientOverrides {
  readonly sns?: ClientOverrides;
  readonly logs?: ClientOverrides;
  readonly dynamodb?: ClientOverrides;
  readonly sqs?: ClientOverrides;
  readonly cloudwatch?: ClientOverrides;
  /** CloudTrail and ECS ("what changed"). */
  readonly cloudtrail?: ClientOverrides;
  readonly ecs?: ClientOverrides;
  /** The STS endpoint other accounts' roles are assumed through; its credentials are klaxon's own. */
  readonly sts?: ClientOverrides;
}

/**
 * Creates the SDK clients — the only place klaxon constructs them. The Logs client makes one attempt per call
 * because the query runner retries with its own backoff (the SDK would otherwise multiply the retries).
 */
export function createAwsClients(
  options: AwsClientOverrides & {
    /** klaxon's home region; absent only in modes that make no AWS calls of their own. */
    readonly region?: string | undefined;
    /** Other accounts (config `accounts:`) and how to reach them. */
    readonly accounts?: Readonly<Record<string, AccountConfig>> | undefined;
  },
): AwsClients {
  const accounts = options.accounts ?? {};
  const home = options.region === undefined ? {} : { region: options.region };
  const dynamodb = lazyClient(async () => {
    const { DynamoDBClient } = (await import("@aws-sdk/client-dynamodb")).default;
    return new DynamoDBClient({ ...home, ...options.dynamodb });
  });
  const sqs = lazyClient(async () => {
    const { SQSClient } = (await import("@aws-sdk/client-sqs")).default;
    return new SQSClient({ ...home, ...options.sqs });
  });
  const logs = lazyClient(async () => {
    const { CloudWatchLogsClient } = (await import("@aws-sdk/client-cloudwatch-logs")).default;
    return new CloudWatchLogsClient({ ...home, maxAttempts: 1, ...options.logs });
  });
  const sns = new Map<string, LazyClient<SNSClient>>();
  const cloudwatch = new Map<string, LazyClient<CloudWatchClient>>();
  const cloudtrail = new Map<string, LazyClient<CloudTrailClient>>();
  const ecs = new Map<string, LazyClient<ECSClient>>();
  const logsByTarget = new Map<string, LazyClient<CloudWatchLogsClient>>();
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
  const providers = new Map<string, Promise<ReturnType<typeof fromTemporaryCredentials>>>();
  const roleCredentials = (access: AccountAccess & { kind: "role" }, region: string) =>
    perRegion(providers, `${access.roleArn}|${region}`, async () => {
      const { fromTemporaryCredentials } = (await import("@aws-sdk/credential-providers")).default;
      return fromTemporaryCredentials({
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
      });
    });
  /**
   * Client options for one (account, region): the service's overrides with klaxon's own credentials, or the
   * overridden endpoint with the assumed role's credentials. Resolved when the client is created.
   */
  const configFor = (overrides: ClientOverrides | undefined, region: string, account: string | undefined) => {
    const access = resolveAccount(accounts, account);
    const key = `${accessKey(access)}|${region}`;
    if (access.kind === "default") return { key, config: async () => ({ region, ...overrides }) };
    return {
      key,
      config: async () => ({
        region,
        ...(overrides?.endpoint !== undefined && { endpoint: overrides.endpoint }),
        credentials: await roleCredentials(access, region),
      }),
    };
  };
  return {
    logs,
    logsFor(target) {
      const region = target.region ?? options.region;
      const access = resolveAccount(accounts, target.account);
      if (region === undefined || (access.kind === "default" && region === options.region)) return logs;
      const { key, config } = configFor(options.logs, region, target.account);
      return perRegion(logsByTarget, key, () =>
        lazyClient(async () => {
          const [sdk, c] = await Promise.all([import("@aws-sdk/client-cloudwatch-logs"), config()]);
          const { CloudWatchLogsClient } = sdk.default;
          return new CloudWatchLogsClient({ ...c, maxAttempts: 1 });
        }),
      );
    },
    snsForRegion(region) {
      return perRegion(sns, region, () =>
        lazyClient(async () => {
          const { SNSClient } = (await import("@aws-sdk/client-sns")).default;
          return new SNSClient({ region, ...options.sns });
        }),
      );
    },
    cloudwatchForRegion(region, account) {
      const { key, config } = configFor(options.cloudwatch, region, account);
      return perRegion(cloudwatch, key, () =>
        lazyClient(async () => {
          const [sdk, c] = await Promise.all([import("@aws-sdk/client-cloudwatch"), config()]);
          const { CloudWatchClient } = sdk.default;
          return new CloudWatchClient(c);
        }),
      );
    },
    cloudtrailForRegion(region, account) {
      // The change lookup paces and retries LookupEvents itself (about 2 requests/s per account and region).
      const { key, config } = configFor(options.cloudtrail, region, account);
      return perRegion(cloudtrail, key, () =>
        lazyClient(async () => {
          const [sdk, c] = await Promise.all([import("@aws-sdk/client-cloudtrail"), config()]);
          const { CloudTrailClient } = sdk.default;
          return new CloudTrailClient({ maxAttempts: 1, ...c });
        }),
      );
    },
    ecsForRegion(region, account) {
      const { key, config } = configFor(options.ecs, region, account);
      return perRegion(ecs, key, () =>
        lazyClient(async () => {
          const [sdk, c] = await Promise.all([import("@aws-sdk/client-ecs"), config()]);
          const { ECSClient } = sdk.default;
          return new ECSClient(c);
        }),
      );
    },
    dynamodb: () => dynamodb,
    sqs: () => sqs,
    destroy() {
      logs.destroy();
      dynamodb.destroy();
      sqs.destroy();
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
  const { CloudWatchLogsClient } = (await import("@aws-sdk/client-cloudwatch-logs")).default;
  const probe = new CloudWatchLogsClient({});
  try {
    return await probe.config.region();
  } finally {
    probe.destroy();
  }
}
