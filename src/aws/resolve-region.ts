import type { ConfigIssue } from "../config/errors.js";
import { err, ok, type Result } from "../shared/result.js";

/** Reads the region the way the AWS SDK does (environment, then the shared config profile). Rejects when unset. */
export type RegionProvider = () => Promise<string>;

/** Which parts of klaxon call AWS in this configuration. */
export interface AwsUse {
  /** Logs Insights on CloudWatch Logs (no `KLAXON_LOGS_DIR`). */
  readonly cloudWatchLogs: boolean;
  /** Alarms polled from `KLAXON_SQS_QUEUE_URL`. */
  readonly sqs: boolean;
  /** `KLAXON_STORE=dynamodb`. */
  readonly dynamodb: boolean;
}

/** The features that need a home region, named as an operator knows them. */
export function regionNeeds(use: AwsUse): string[] {
  return [
    ...(use.cloudWatchLogs ? ["CloudWatch Logs queries (KLAXON_LOGS_DIR is unset)"] : []),
    ...(use.sqs ? ["SQS polling (KLAXON_SQS_QUEUE_URL)"] : []),
    ...(use.dynamodb ? ["the DynamoDB store (KLAXON_STORE=dynamodb)"] : []),
  ];
}

/**
 * The AWS region klaxon's own calls go to: `AWS_REGION` from the config when set, else whatever the SDK's chain
 * finds (profile in `~/.aws/config`). With nothing found, modes that call AWS get a start-up problem naming what
 * needs it and how to set it — never a silent `us-east-1`; modes with no AWS calls (playground, local logs only)
 * get `undefined`.
 */
export async function resolveRegion(
  configured: string | undefined,
  fromSdk: RegionProvider,
  needs: readonly string[],
): Promise<Result<string | undefined, ConfigIssue>> {
  if (configured !== undefined) return ok(configured);
  try {
    const region = await fromSdk();
    if (region !== "") return ok(region);
  } catch {
    // The SDK rejects with "Region is missing"; what to do about it is said below.
  }
  if (needs.length === 0) return ok(undefined);
  return err({
    path: "env AWS_REGION",
    message: `no AWS region is set, and ${needs.join(", ")} need${needs.length === 1 ? "s" : ""} one: set AWS_REGION (e.g. eu-west-1) or a region in the AWS profile klaxon runs with`,
  });
}
