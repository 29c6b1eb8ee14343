/** Stable codes for the "what changed" lookups; each message says what the operator can do. */
export type ChangesErrorCode =
  | "changes_access_denied"
  | "changes_throttled"
  | "changes_timeout"
  | "changes_failed"
  | "changes_invalid_args";

/** An expected failure of a change lookup, carried as a value and shown as a one-line note. */
export class ChangesError extends Error {
  readonly code: ChangesErrorCode;

  constructor(code: ChangesErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ChangesError";
    this.code = code;
  }
}
