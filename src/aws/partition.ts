/** The AWS partitions klaxon builds console links for. */
export type Partition = "aws" | "aws-cn" | "aws-us-gov";

/** The partition a region code belongs to (`cn-north-1` → `aws-cn`, `us-gov-west-1` → `aws-us-gov`). */
export function partitionForRegion(region: string): Partition {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * The AWS console origin for a partition: the regional `https://<region>.console.aws.amazon.com` for `aws`,
 * `https://console.amazonaws.cn` for `aws-cn` and `https://console.amazonaws-us-gov.com` for `aws-us-gov` (those
 * two have one console per partition and take the region from the `region` query parameter).
 */
export function consoleOrigin(partition: Partition, region: string): string {
  switch (partition) {
    case "aws":
      return `https://${region}.console.aws.amazon.com`;
    case "aws-cn":
      return "https://console.amazonaws.cn";
    case "aws-us-gov":
      return "https://console.amazonaws-us-gov.com";
  }
}

/**
 * The CloudWatch console home for a region, `<origin>/cloudwatch/home?region=<region>`; the partition defaults to
 * the region's own. Both the alarm links and the Logs Insights links start from here, so they agree on hosts.
 */
export function cloudWatchConsoleHome(
  region: string,
  partition: Partition = partitionForRegion(region),
): string {
  return `${consoleOrigin(partition, region)}/cloudwatch/home?region=${encodeURIComponent(region)}`;
}
