import type { AwsClients } from "../aws/create-aws-clients.js";
import type { StartConfig } from "../config/prepare-config.js";
import { type IngestDeps, ingestAlarm } from "../incidents/ingest-alarm.js";
import { confirmSubscription } from "../ingest/sns/confirm-subscription.js";
import type { SnsDeliveryDeps } from "../ingest/sns/handle-sns-delivery.js";
import type { FetchCert } from "../ingest/sns/sns-cert-cache.js";
import { createSnsVerifier } from "../ingest/sns/verify-sns-message.js";
import { createSqsHandler, SQS_MAX_MESSAGE_AGE_SECONDS } from "../ingest/sqs/sqs-handler.js";
import type { SqsPoller, SqsPollerDeps } from "../ingest/sqs/sqs-poller.js";
import { createAlarmTagLookup, listAlarmTags, TAG_WAIT_MS } from "../routing/alarm-tags.js";
import { routesUseTags } from "../routing/route-alarm.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

/** What the alarm intake needs from the rest of the wiring. */
export interface AlarmIntakeDeps
  extends Required<Pick<IngestDeps, "store" | "mutes" | "runbookUrl" | "onEnqueued">>,
    Required<Pick<SqsPollerDeps, "onPoison" | "onSettled">> {
  readonly aws: AwsClients;
  /** klaxon's home region (tag lookups load their SDK package there at start). */
  readonly region: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The playground has no AWS account: no tags are read there. */
  readonly playground: boolean;
  /** Certificate download (tests serve their own); the HTTPS download by default. */
  readonly fetchCert: FetchCert;
  readonly skipCertExpiry?: boolean | undefined;
}

/** The SNS/EventBridge delivery deps the HTTP route uses, and the SQS poller when a queue is configured. */
export interface AlarmIntake {
  readonly deliveryDeps: SnsDeliveryDeps;
  readonly sqsPoller: SqsPoller | undefined;
}

/**
 * Alarms in: SNS over HTTP, EventBridge API destinations and an SQS queue all end in `ingestAlarm`, each behind
 * the SNS signature check (the queue's with a longer age limit: it keeps messages for up to 14 days, and after an
 * outage its backlog must not be refused as stale). The SQS poller's module loads only when a queue is set.
 */
export async function createAlarmIntake(config: StartConfig, deps: AlarmIntakeDeps): Promise<AlarmIntake> {
  const { file, env } = config;
  const { aws, clock, logger } = deps;
  const makeVerifier = (maxAgeSeconds: number) =>
    createSnsVerifier(
      { fetchCert: deps.fetchCert, clock },
      {
        topicArns: file.sns.topicArns,
        allowAnyTopic: file.sns.allowAnyTopic,
        maxAgeSeconds,
        minSignatureVersion: file.sns.minSignatureVersion,
        certFetchesPerHostPerMinute: file.sns.certFetchesPerHostPerMinute,
        certUrlPattern:
          env.KLAXON_SNS_CERT_URL_PATTERN === undefined
            ? undefined
            : new RegExp(env.KLAXON_SNS_CERT_URL_PATTERN),
        skipCertExpiry: deps.skipCertExpiry,
      },
    );
  const verifier = makeVerifier(file.sns.maxAgeSeconds);
  const readsTags = routesUseTags(file.routes) && !deps.playground;
  // Routing waits at most TAG_WAIT_MS for a new alarm's tags: the CloudWatch SDK package loads now, not in that wait.
  if (readsTags) await aws.cloudwatchForRegion(deps.region).client();
  const ingestDeps: IngestDeps = {
    store: deps.store,
    mutes: deps.mutes,
    runbooks: config.prepared.runbooks,
    runbookUrl: deps.runbookUrl,
    routes: file.routes,
    defaultChannel: file.slack.defaultChannel,
    logger,
    incidents: file.incidents,
    tagsOf: readsTags
      ? createAlarmTagLookup(
          {
            listTags: (arn, r, account) => listAlarmTags(aws.cloudwatchForRegion(r, account), arn),
            clock,
            logger,
          },
          { ttlMs: file.tagRouting.cacheSeconds * 1000, waitMs: TAG_WAIT_MS },
        )
      : undefined,
    onEnqueued: deps.onEnqueued,
  };
  const deliveryDeps: SnsDeliveryDeps = {
    verify: (m) => verifier.verify(m),
    confirm: (m) => confirmSubscription({ snsForRegion: (r) => aws.snsForRegion(r) }, m),
    ingest: (input) => ingestAlarm(ingestDeps, input),
    clock,
    logger,
  };
  const queueUrl = env.KLAXON_SQS_QUEUE_URL;
  if (!queueUrl) return { deliveryDeps, sqsPoller: undefined };
  const sqsVerifier = makeVerifier(Math.max(file.sns.maxAgeSeconds, SQS_MAX_MESSAGE_AGE_SECONDS));
  const { createSqsPoller } = await import("../ingest/sqs/sqs-poller.js");
  // Defaults: 20 s long polls, 60 s visibility (extended while working), poison after 5 receives.
  const sqsPoller = createSqsPoller({
    sqs: aws.sqs(),
    queueUrl,
    handle: createSqsHandler({ ...deliveryDeps, verify: (m) => sqsVerifier.verify(m) }),
    clock,
    logger,
    onPoison: deps.onPoison,
    onSettled: deps.onSettled,
  });
  return { deliveryDeps, sqsPoller };
}
