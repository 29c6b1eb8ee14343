import { KlaxonError } from "../shared/klaxon-error.js";

/** Stable codes of store failures, for logs, metrics and the HTTP layer. */
export type StoreErrorCode =
  | "store_conflict"
  | "store_table_missing"
  | "store_access_denied"
  | "store_unavailable";

/**
 * Base of every store failure. `retryable` tells the caller the same request may succeed later (answer SNS
 * with a 5xx so it redelivers) rather than being wrong in itself.
 */
export class StoreError extends KlaxonError {
  override name = "StoreError";
  declare readonly code: StoreErrorCode;
  readonly retryable: boolean;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(code, message, options);
    this.retryable = options?.retryable ?? false;
  }
}

/**
 * Another replica is processing the same delivery right now, or concurrent writers kept winning the race.
 * Always retryable: the HTTP answer is a 5xx so SNS delivers again once the other replica has finished.
 */
export class StoreConflictError extends StoreError {
  override name = "StoreConflictError";

  constructor(message: string, options?: { cause?: unknown }) {
    super("store_conflict", message, { ...options, retryable: true });
  }
}

/** The configured DynamoDB table does not exist in this account and region. */
export class StoreTableMissingError extends StoreError {
  override name = "StoreTableMissingError";

  constructor(tableName: string, options?: { cause?: unknown }) {
    super(
      "store_table_missing",
      `DynamoDB table "${tableName}" was not found. Check KLAXON_DYNAMODB_TABLE and AWS_REGION, or create the table ` +
        "(string keys pk + sk, TTL attribute expiresAt; `klaxon` can create it for local use).",
      { ...options, retryable: true },
    );
  }
}

/** The credentials klaxon runs with may not use the table. */
export class StoreAccessDeniedError extends StoreError {
  override name = "StoreAccessDeniedError";

  constructor(tableName: string, detail: string, options?: { cause?: unknown }) {
    super(
      "store_access_denied",
      `Access to DynamoDB table "${tableName}" was denied (${detail}). Grant klaxon's role dynamodb:GetItem, ` +
        "dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query, dynamodb:DescribeTable and " +
        "dynamodb:TransactWriteItems on the table's ARN.",
      { ...options, retryable: false },
    );
  }
}

/** DynamoDB could not serve the request (throttling, network, service error); try again later. */
export class StoreUnavailableError extends StoreError {
  override name = "StoreUnavailableError";

  constructor(message: string, options?: { cause?: unknown }) {
    super("store_unavailable", message, { ...options, retryable: true });
  }
}
