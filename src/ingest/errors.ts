import { KlaxonError } from "../shared/klaxon-error.js";

/** Why reading the alarm queue failed; `sqs_access_denied`, `sqs_queue_not_found` and `sqs_credentials` need a person. */
export type SqsIngestCode =
  | "sqs_access_denied"
  | "sqs_queue_not_found"
  | "sqs_credentials"
  | "sqs_throttled"
  | "sqs_receive_failed";

/** A failed ReceiveMessage on the alarm queue, with what the operator should change. */
export class SqsIngestError extends KlaxonError {
  override name = "SqsIngestError";
  declare readonly code: SqsIngestCode;
  /** False when retrying cannot help until someone fixes IAM, the queue URL or the credentials. */
  readonly transient: boolean;

  constructor(code: SqsIngestCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.transient = code === "sqs_throttled" || code === "sqs_receive_failed";
  }
}

/** The IAM actions klaxon needs on the queue, named in every permission message. */
export const SQS_REQUIRED_ACTIONS = "sqs:ReceiveMessage, sqs:DeleteMessage and sqs:ChangeMessageVisibility";

const ACCESS = new Set(["AccessDenied", "AccessDeniedException", "KmsAccessDenied", "InvalidSecurity"]);
const MISSING = new Set(["QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "NonExistentQueue"]);
const CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "CredentialsProviderError",
  "MissingAuthenticationToken",
]);
const THROTTLED = new Set([
  "RequestThrottled",
  "ThrottlingException",
  "Throttling",
  "OverLimit",
  "KmsThrottled",
]);

function errorNames(error: unknown): string[] {
  if (typeof error !== "object" || error === null) return [];
  // The JSON protocol's shape name is in `name`; the legacy query code SQS still sends is kept in `Code`.
  return ["name", "Code", "code"]
    .map((key) => Reflect.get(error, key))
    .filter((v): v is string => typeof v === "string");
}

const has = (set: ReadonlySet<string>, names: readonly string[]) => names.some((n) => set.has(n));

/**
 * Turns a ReceiveMessage failure into an {@link SqsIngestError} whose message names the queue and the fix:
 * missing IAM permissions (listing the three actions klaxon needs), a wrong or deleted queue URL, bad
 * credentials, throttling, or a network/service failure that backing off will ride out.
 */
export function describeSqsReceiveError(error: unknown, queueUrl: string): SqsIngestError {
  const names = errorNames(error);
  const detail = error instanceof Error ? error.message : String(error);
  const options = { cause: error };
  if (has(ACCESS, names)) {
    return new SqsIngestError(
      "sqs_access_denied",
      `klaxon may not read the alarm queue ${queueUrl} (${detail}). Grant its IAM role ${SQS_REQUIRED_ACTIONS} ` +
        "on this queue, and kms:Decrypt on the queue's KMS key if it uses a customer-managed key.",
      options,
    );
  }
  if (has(MISSING, names)) {
    return new SqsIngestError(
      "sqs_queue_not_found",
      `the alarm queue ${queueUrl} does not exist or is not visible to these credentials (${detail}). Check ` +
        `KLAXON_SQS_QUEUE_URL and AWS_REGION; klaxon needs ${SQS_REQUIRED_ACTIONS} on it.`,
      options,
    );
  }
  if (has(CREDENTIALS, names)) {
    return new SqsIngestError(
      "sqs_credentials",
      `AWS rejected klaxon's credentials while reading ${queueUrl} (${detail}); check the credentials chain ` +
        "(role, AWS_PROFILE, keys) of this process.",
      options,
    );
  }
  if (has(THROTTLED, names)) {
    return new SqsIngestError(
      "sqs_throttled",
      `SQS throttled reads of ${queueUrl} (${detail}); backing off`,
      options,
    );
  }
  return new SqsIngestError(
    "sqs_receive_failed",
    `could not receive from the alarm queue ${queueUrl} (${detail}); retrying with backoff`,
    options,
  );
}
