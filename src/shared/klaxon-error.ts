/**
 * Base of every klaxon error: a stable machine `code`, a message that tells the on-call person what to do,
 * and the original `cause` kept for logs. Domains subclass it in their own `errors.ts`.
 */
export class KlaxonError extends Error {
  override name = "KlaxonError";
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
