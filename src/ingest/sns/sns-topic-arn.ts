/** The parts of an SNS topic ARN klaxon needs: where the topic lives and which endpoint serves it. */
export interface SnsTopicArnParts {
  readonly partition: "aws" | "aws-cn" | "aws-us-gov";
  readonly region: string;
  readonly accountId: string;
  readonly topicName: string;
}

const TOPIC_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):([\w-]{1,256}(?:\.fifo)?)$/;

/**
 * Splits an SNS topic ARN (`arn:<partition>:sns:<region>:<account>:<name>`) into its parts, or returns
 * `undefined` when it is not one. The region decides which SNS endpoint may sign the topic's messages and which
 * regional API confirms its subscriptions.
 */
export function parseSnsTopicArn(arn: string): SnsTopicArnParts | undefined {
  const m = TOPIC_ARN.exec(arn);
  if (m === null) return undefined;
  const [, partition, region, accountId, topicName] = m;
  if (partition === undefined || region === undefined || accountId === undefined || topicName === undefined) {
    return undefined;
  }
  return { partition: partition as SnsTopicArnParts["partition"], region, accountId, topicName };
}

/**
 * The SNS endpoint host for a topic: `sns.<region>.amazonaws.com`, or `…amazonaws.com.cn` in the China
 * partition. Signing certificates are only accepted from exactly this host.
 */
export function snsEndpointHost(topic: SnsTopicArnParts): string {
  return `sns.${topic.region}.amazonaws.com${topic.partition === "aws-cn" ? ".cn" : ""}`;
}
