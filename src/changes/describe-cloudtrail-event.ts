import type { Partition } from "../alarms/alarm.js";
import { consoleOrigin } from "../alarms/console-links.js";
import type { Change } from "./change.js";

/** The fields of a CloudTrail `LookupEvents` event klaxon reads (the SDK's `Event` fits this shape). */
export interface TrailEvent {
  readonly EventId?: string | undefined;
  readonly EventName?: string | undefined;
  readonly EventTime?: Date | undefined;
  readonly EventSource?: string | undefined;
  readonly Username?: string | undefined;
  readonly Resources?:
    | readonly { ResourceType?: string | undefined; ResourceName?: string | undefined }[]
    | undefined;
  /** The whole event as a JSON string; only `userIdentity` and a few `requestParameters` are read from it. */
  readonly CloudTrailEvent?: string | undefined;
}

/** A change before ranking, with every name that identifies what it touched. */
export interface DescribedChange extends Omit<Change, "relevance"> {
  /** Resource names and ARNs from the event, to match against the alarm's dimensions and the service. */
  readonly names: readonly string[];
}

/** Request parameters that name the resource of the write calls that usually precede an incident. */
const RESOURCE_PARAMS = [
  "service",
  "cluster",
  "functionName",
  "family",
  "taskDefinition",
  "name",
  "dBInstanceIdentifier",
  "dBClusterIdentifier",
  "loadBalancerArn",
  "targetGroupArn",
  "listenerArn",
  "groupId",
  "stackName",
  "autoScalingGroupName",
  "alarmName",
  "queueUrl",
  "tableName",
  "bucketName",
  "restApiId",
  "policyName",
  "roleName",
] as const;
const MAX_NAME = 256;
const MAX_JSON = 64 * 1024;

/**
 * Reduces a CloudTrail event to one readable change: when, who (role session, user, `root` or the AWS service),
 * the event name in words, the resource, and a console link to the event. Every name the event carries
 * (resources and the request parameters that name one) is kept for ranking. The event JSON is untrusted and
 * may be cut or malformed; what cannot be read is left out rather than failing the whole list.
 */
export function describeCloudTrailEvent(
  event: TrailEvent,
  where: { readonly region: string; readonly partition: Partition },
): DescribedChange | undefined {
  const eventName = event.EventName?.slice(0, MAX_NAME);
  const at = event.EventTime;
  if (!eventName || !at || Number.isNaN(at.getTime())) return undefined;
  const detail = parseDetail(event.CloudTrailEvent);
  const names = new Set<string>();
  for (const r of event.Resources ?? []) if (r.ResourceName) names.add(r.ResourceName.slice(0, MAX_NAME));
  for (const key of RESOURCE_PARAMS) {
    const value = detail.requestParameters?.[key];
    if (typeof value === "string" && value !== "") names.add(value.slice(0, MAX_NAME));
  }
  const resource = [...names].map(shortName).find((n) => n !== "");
  const link =
    event.EventId !== undefined
      ? `${consoleOrigin(where.partition, where.region)}/cloudtrailv2/home?region=${encodeURIComponent(where.region)}#/events/${encodeURIComponent(event.EventId)}`
      : undefined;
  return {
    at: at.toISOString(),
    who: principalName(detail.userIdentity, event.Username),
    what: eventNameInWords(eventName),
    eventName,
    ...(resource !== undefined && { resource }),
    source: "cloudtrail",
    ...(link !== undefined && { link }),
    names: [...names],
  };
}

interface EventDetail {
  readonly userIdentity?: Record<string, unknown>;
  readonly requestParameters?: Record<string, unknown>;
}

function parseDetail(json: string | undefined): EventDetail {
  if (json === undefined || json.length > MAX_JSON) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null) return {};
    const o = parsed as Record<string, unknown>;
    return {
      ...(isRecord(o.userIdentity) && { userIdentity: o.userIdentity }),
      ...(isRecord(o.requestParameters) && { requestParameters: o.requestParameters }),
    };
  } catch {
    return {};
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The principal as people name it: the session of an assumed role (`deploy-bot`, or the person's SSO name), an
 * IAM user's name, `root`, or the AWS service that made the call (`ecs.amazonaws.com`).
 */
export function principalName(identity: Record<string, unknown> | undefined, username?: string): string {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v.slice(0, MAX_NAME) : undefined);
  const type = str(identity?.type);
  const arn = str(identity?.arn);
  if (type === "AssumedRole" || type === "FederatedUser") {
    const session = arn?.split("/").at(-1);
    if (session) return session;
  }
  if (type === "IAMUser") return str(identity?.userName) ?? arn?.split("/").at(-1) ?? "IAM user";
  if (type === "Root") return "root";
  if (type === "AWSService") return str(identity?.invokedBy) ?? "an AWS service";
  return str(identity?.invokedBy) ?? str(username) ?? arn?.split("/").at(-1) ?? "unknown principal";
}

/** `UpdateFunctionConfiguration20150331v2` → `Update function configuration`, `ModifyDBInstance` → `Modify DB instance`. */
export function eventNameInWords(eventName: string): string {
  const bare = eventName.replace(/\d{8}(?:v\d{1,2})?$/, "");
  const words = bare.match(/[A-Z]{2,32}(?=[A-Z][a-z]|$)|[A-Z]?[a-z]{1,64}|[A-Z]|\d{1,16}/g) ?? [bare];
  return words.map((w, i) => (i === 0 || /^[A-Z]{2,}$/.test(w) ? w : w.toLowerCase())).join(" ");
}

/**
 * The readable part of an ARN, URL or name: `…:loadbalancer/app/web/50dc6c49` → `web`,
 * `…:service/prod/api` → `api`, `…:task-definition/api:41` → `api:41`, `…:function:billing` → `billing`, a
 * queue URL → its queue name.
 */
export function shortName(name: string): string {
  let resource = name.startsWith("arn:") ? name.split(":").slice(5).join(":") : name;
  // `function:billing-export` style resources put the type before a colon rather than a slash.
  if (name.startsWith("arn:") && !resource.includes("/"))
    resource = resource.slice(resource.indexOf(":") + 1);
  const parts = resource.split("/").filter((p) => p !== "");
  const last = parts.at(-1) ?? resource;
  // Load balancers and target groups end in a hex id; the name before it is what people recognise.
  return /^[0-9a-f]{8,32}$/.test(last) && parts.length > 1 ? (parts.at(-2) ?? last) : last;
}
