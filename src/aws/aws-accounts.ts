import type { AccountConfig } from "../config/schema.js";

/** Where one AWS call goes: an account (a name or id under `accounts:`, or an alarm's id) and a region. */
export interface AwsTarget {
  readonly account?: string;
  readonly region?: string;
}

/** How klaxon reaches an account: its own credentials, or a role assumed with STS from them. */
export type AccountAccess =
  | { readonly kind: "default"; readonly accountId?: string }
  | {
      readonly kind: "role";
      readonly accountId: string;
      readonly roleArn: string;
      readonly externalId?: string;
      readonly sessionName: string;
    };

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ACCOUNT = /^arn:aws[\w-]*:iam::(\d{12}):role\//;

/** The session name klaxon gives assumed roles unless the account names one (it shows up in CloudTrail). */
export const DEFAULT_SESSION_NAME = "klaxon";

/** The 12-digit id an `accounts:` entry stands for: the key itself, its `id`, or its role's account. */
export function accountIdOf(key: string, config: AccountConfig): string | undefined {
  if (ACCOUNT_ID.test(key)) return key;
  if (config === "default") return undefined;
  return config.id ?? ROLE_ACCOUNT.exec(config.roleArn ?? "")?.[1];
}

/**
 * Resolves a name or account id to how klaxon reaches it. A name matches its key; an id matches a key, an `id`,
 * or the account of a `roleArn`. Anything unknown (an alarm from an account nobody listed) is klaxon's own
 * credentials, which is what a single-account setup and a cross-account observability monitoring account want.
 */
export function resolveAccount(
  accounts: Readonly<Record<string, AccountConfig>>,
  account: string | undefined,
): AccountAccess {
  if (account === undefined) return { kind: "default" };
  const direct = Object.hasOwn(accounts, account) ? accounts[account] : undefined;
  const entry =
    direct !== undefined
      ? ([account, direct] as const)
      : Object.entries(accounts).find(([key, config]) => accountIdOf(key, config) === account);
  if (entry === undefined) return { kind: "default" };
  const [key, config] = entry;
  const accountId = accountIdOf(key, config);
  if (config === "default" || config.roleArn === undefined)
    return accountId === undefined ? { kind: "default" } : { kind: "default", accountId };
  return {
    kind: "role",
    accountId: accountId ?? "",
    roleArn: config.roleArn,
    ...(config.externalId !== undefined && { externalId: config.externalId }),
    sessionName: config.sessionName ?? DEFAULT_SESSION_NAME,
  };
}

/**
 * Whether a name or id is one the config knows: an `accounts:` key, or an id one of them stands for. Services and
 * templates must name known accounts (`klaxon validate` says which path does not).
 */
export function isKnownAccount(accounts: Readonly<Record<string, AccountConfig>>, account: string): boolean {
  if (Object.hasOwn(accounts, account)) return true;
  return Object.entries(accounts).some(([key, config]) => accountIdOf(key, config) === account);
}

/** A cache key for one (account, region): the role ARN, so a name and its id share one client. */
export function accessKey(access: AccountAccess): string {
  return access.kind === "role" ? access.roleArn : "default";
}

const LOG_GROUP_ARN_REGION = /^arn:aws[\w-]*:logs:([a-z0-9-]{1,32}):\d{12}:log-group:/;

/** The region log groups given by ARN live in (the first such ARN's), or undefined for plain names. */
export function logGroupArnRegion(logGroups: readonly string[] | undefined): string | undefined {
  for (const g of logGroups ?? []) {
    const region = LOG_GROUP_ARN_REGION.exec(g)?.[1];
    if (region !== undefined) return region;
  }
  return undefined;
}

/**
 * The target a service or template names, each part falling back to `fallback` (an alarm's account and region
 * for first looks and Run buttons); undefined when neither names anything, i.e. klaxon's own. Log groups given
 * by ARN are read through cross-account observability from klaxon's own (monitoring) account, in the ARN's
 * region, so they never fall back to another account.
 */
export function targetOf(
  config:
    | {
        readonly account?: string | undefined;
        readonly region?: string | undefined;
        readonly logGroups?: readonly string[] | undefined;
      }
    | undefined,
  fallback: AwsTarget = {},
): AwsTarget | undefined {
  const arnRegion = logGroupArnRegion(config?.logGroups);
  const account = config?.account ?? (arnRegion === undefined ? fallback.account : undefined);
  const region = config?.region ?? arnRegion ?? fallback.region;
  if (account === undefined && region === undefined) return undefined;
  return { ...(account !== undefined && { account }), ...(region !== undefined && { region }) };
}
