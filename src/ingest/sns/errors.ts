import { KlaxonError } from "../../shared/klaxon-error.js";

/** Why an SNS delivery was refused. `retryable` failures (our fault) answer 5xx so SNS tries again. */
export type SnsRejectCode =
  | "sns_bad_json"
  | "sns_bad_envelope"
  | "sns_unsupported_signature_version"
  | "sns_cert_url_rejected"
  | "sns_cert_fetch_failed"
  | "sns_cert_invalid"
  | "sns_signature_invalid"
  | "sns_topic_not_allowed"
  | "sns_stale"
  | "sns_body_too_large"
  | "sns_confirm_failed";

/** An SNS message klaxon will not accept, with the reason an operator needs to fix it. */
export class SnsVerificationError extends KlaxonError {
  override name = "SnsVerificationError";
  declare readonly code: SnsRejectCode;
  readonly retryable: boolean;

  constructor(code: SnsRejectCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(code, message, options);
    this.retryable = options?.retryable ?? false;
  }
}
