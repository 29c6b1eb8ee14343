import { partitionForRegion } from "../aws/partition.js";
import type { Partition } from "./alarm.js";

/** The parts of an Amazon Resource Name. `region` and `accountId` are empty for global resources. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  /** Everything after the account, e.g. `alarm:My alarm` (it may itself contain colons). */
  readonly resource: string;
}

/**
 * Splits `arn:<partition>:<service>:<region>:<account>:<resource>`. Returns `undefined` when the text is not an
 * ARN, so callers fall back to other hints instead of trusting a half-parsed value.
 */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition = "", service = "", region = "", accountId = ""] = parts;
  if (partition === "" || service === "") return undefined;
  return { partition, service, region, accountId, resource: parts.slice(5).join(":") };
}

/** The alarm name inside a CloudWatch alarm ARN (`…:alarm:<name>`), or `undefined` for other ARNs. */
export function alarmNameFromArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== "cloudwatch" || !parsed.resource.startsWith("alarm:")) return undefined;
  const name = parsed.resource.slice("alarm:".length);
  return name === "" ? undefined : name;
}

/** Narrows an ARN partition to one klaxon builds links for, or `undefined` for others (e.g. `aws-iso`). */
export function knownPartition(partition: string | undefined): Partition | undefined {
  return partition === "aws" || partition === "aws-cn" || partition === "aws-us-gov" ? partition : undefined;
}

export { partitionForRegion };

const REGION_NAMES: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["US East (N. Virginia)", "US - N. Virginia", "US East - N. Virginia", "US Standard"],
  "us-east-2": ["US East (Ohio)"],
  "us-west-1": ["US West (N. California)"],
  "us-west-2": ["US West (Oregon)"],
  "af-south-1": ["Africa (Cape Town)"],
  "ap-east-1": ["Asia Pacific (Hong Kong)"],
  "ap-east-2": ["Asia Pacific (Taipei)"],
  "ap-south-1": ["Asia Pacific (Mumbai)"],
  "ap-south-2": ["Asia Pacific (Hyderabad)"],
  "ap-southeast-1": ["Asia Pacific (Singapore)"],
  "ap-southeast-2": ["Asia Pacific (Sydney)"],
  "ap-southeast-3": ["Asia Pacific (Jakarta)"],
  "ap-southeast-4": ["Asia Pacific (Melbourne)"],
  "ap-southeast-5": ["Asia Pacific (Malaysia)"],
  "ap-southeast-7": ["Asia Pacific (Thailand)"],
  "ap-northeast-1": ["Asia Pacific (Tokyo)"],
  "ap-northeast-2": ["Asia Pacific (Seoul)"],
  "ap-northeast-3": ["Asia Pacific (Osaka)", "Asia Pacific (Osaka-Local)"],
  "ca-central-1": ["Canada (Central)"],
  "ca-west-1": ["Canada West (Calgary)"],
  "eu-central-1": ["EU (Frankfurt)"],
  "eu-central-2": ["EU (Zurich)"],
  "eu-west-1": ["EU (Ireland)"],
  "eu-west-2": ["EU (London)"],
  "eu-west-3": ["EU (Paris)"],
  "eu-south-1": ["EU (Milan)"],
  "eu-south-2": ["EU (Spain)"],
  "eu-north-1": ["EU (Stockholm)"],
  "il-central-1": ["Israel (Tel Aviv)"],
  "me-south-1": ["Middle East (Bahrain)"],
  "me-central-1": ["Middle East (UAE)"],
  "mx-central-1": ["Mexico (Central)"],
  "sa-east-1": ["South America (Sao Paulo)"],
  "cn-north-1": ["China (Beijing)"],
  "cn-northwest-1": ["China (Ningxia)"],
  "us-gov-west-1": ["AWS GovCloud (US-West)", "AWS GovCloud (US)"],
  "us-gov-east-1": ["AWS GovCloud (US-East)"],
};

/**
 * Reduces a display name to letters and digits so spelling variants meet: "Europe (Frankfurt)" and
 * "EU (Frankfurt)", "South America (São Paulo)" and "(Sao Paulo)", "US West - Oregon" and "US West (Oregon)".
 */
function normaliseDisplayName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\beurope\b/g, "eu")
    .replace(/[^a-z0-9]/g, "");
}

const CODE_BY_DISPLAY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(REGION_NAMES).flatMap(([code, names]) =>
    names.map((name) => [normaliseDisplayName(name), code] as const),
  ),
);

/**
 * Maps a region display name from an SNS alarm message (`"Asia Pacific (Seoul)"`, legacy `"US West - Oregon"`)
 * to its code. Only a fallback: the ARN is the authority, and names AWS adds later are not in the table.
 */
export function regionFromDisplayName(displayName: string): string | undefined {
  return CODE_BY_DISPLAY_NAME.get(normaliseDisplayName(displayName));
}

/** Everything a payload says about where an alarm lives, strongest hint first. */
export interface LocationHints {
  readonly alarmArn?: string | undefined;
  /** A region code stated by the payload itself (EventBridge `region`). */
  readonly regionCode?: string | undefined;
  readonly accountId?: string | undefined;
  /** The SNS topic the alarm published to; CloudWatch only notifies topics in the alarm's own region. */
  readonly topicArn?: string | undefined;
  readonly regionDisplayName?: string | undefined;
}

/** Where an alarm lives: partition always, region code and account when some hint names them. */
export interface AlarmLocation {
  readonly partition: Partition;
  readonly region?: string;
  readonly accountId?: string;
}

/**
 * Resolves partition, region code and account from the hints, preferring the alarm ARN, then codes the
 * payload states, then the topic ARN, and only then the display-name table. The account is never taken from
 * the topic ARN because a topic may belong to another account.
 */
export function locateAlarm(hints: LocationHints): AlarmLocation {
  const alarm = hints.alarmArn === undefined ? undefined : parseArn(hints.alarmArn);
  const topic = hints.topicArn === undefined ? undefined : parseArn(hints.topicArn);
  const region =
    nonEmpty(alarm?.region) ??
    nonEmpty(hints.regionCode) ??
    nonEmpty(topic?.region) ??
    (hints.regionDisplayName === undefined ? undefined : regionFromDisplayName(hints.regionDisplayName));
  const partition =
    knownPartition(alarm?.partition) ??
    knownPartition(topic?.partition) ??
    (region === undefined ? "aws" : partitionForRegion(region));
  const accountId = nonEmpty(alarm?.accountId) ?? nonEmpty(hints.accountId);
  return {
    partition,
    ...(region === undefined ? {} : { region }),
    ...(accountId === undefined ? {} : { accountId }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
