import { err, ok, type Result } from "../shared/result.js";
import { TraceError } from "./errors.js";
import { decodeKsuidTime, decodeUlidTime, decodeUuidTime } from "./id-time.js";

/** What an ID was recognised as. */
export type IdKind =
  | "uuid-v1"
  | "uuid-v6"
  | "uuid-v7"
  | "uuid"
  | "xray"
  | "w3c"
  | "ulid"
  | "ksuid"
  | "generic";

/**
 * A request ID that passed shape validation, with the time it encodes when it encodes one. `id` and every
 * entry of `searchValues` contain only `[A-Za-z0-9._:-]`, so they can sit inside a quoted query literal.
 */
export interface AnchoredId {
  readonly id: string;
  readonly kind: IdKind;
  /** When the request happened, decoded from the ID itself. */
  readonly time?: Date;
  /**
   * `exact`: the ID format defines the time (UUIDv1/v6/v7, X-Ray, ULID, KSUID).
   * `probable`: a W3C trace id whose first 8 hex digits look like a recent epoch (X-Ray IDs in W3C form).
   */
  readonly timeConfidence?: "exact" | "probable";
  /** The values to search for: the ID plus equivalent spellings (X-Ray `1-…` form and its 32-hex W3C form). */
  readonly searchValues: readonly string[];
  /** A short human note, e.g. why an embedded time was ignored. */
  readonly note?: string;
}

const MAX_ID_LENGTH = 128;
const GENERIC_ID = /^[A-Za-z0-9._:-]{4,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const XRAY = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/i;
const XRAY_HEADER_ROOT = /(?:^|;)\s*Root=(1-[0-9a-f]{8}-[0-9a-f]{24})\s*(?:;|$)/i;
const W3C = /^[0-9a-f]{32}$/i;
const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/i;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const KSUID = /^[0-9A-Za-z]{27}$/;

/** Embedded times before this are certainly not request times (IDs made of zeros, counters, test data). */
const EARLIEST_PLAUSIBLE = Date.UTC(2000, 0, 1);
/** Clock skew allowance for IDs minted by a client whose clock runs ahead. */
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;
/** A W3C id is only read as an X-Ray epoch when that epoch is this recent: random ids rarely land here. */
const W3C_EPOCH_LOOKBACK_MS = 30 * 24 * 3600 * 1000;

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code >= 0x21 && code <= 0x7e) return `\`${c}\``;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Strips what people paste around IDs: whitespace, one pair of quotes or backticks. */
function unwrap(raw: string): string {
  const t = raw.trim();
  const m = /^(["'`])(.*)\1$/s.exec(t);
  return (m?.[2] ?? t).trim();
}

function withTime(
  id: string,
  kind: IdKind,
  ms: number | undefined,
  now: Date,
  confidence: "exact" | "probable",
  searchValues: readonly string[] = [id],
): AnchoredId {
  if (ms === undefined || !Number.isFinite(ms)) return { id, kind, searchValues };
  if (ms < EARLIEST_PLAUSIBLE || ms > now.getTime() + FUTURE_TOLERANCE_MS) {
    return {
      id,
      kind,
      searchValues,
      note: `its embedded time ${new Date(ms).toISOString()} is implausible, so the default window is searched`,
    };
  }
  return { id, kind, time: new Date(ms), timeConfidence: confidence, searchValues };
}

function anchorUuid(id: string, version: string, now: Date): AnchoredId {
  const ms = decodeUuidTime(id);
  if (version === "1") return withTime(id, "uuid-v1", ms, now, "exact");
  if (version === "6") return withTime(id, "uuid-v6", ms, now, "exact");
  if (version === "7") return withTime(id, "uuid-v7", ms, now, "exact");
  return { id, kind: "uuid", searchValues: [id] };
}

function anchorXray(id: string, epochHex: string, rest: string, now: Date): AnchoredId {
  const w3c = `${epochHex}${rest}`;
  return withTime(id, "xray", Number.parseInt(epochHex, 16) * 1000, now, "exact", [id, w3c]);
}

function anchorW3c(id: string, now: Date): AnchoredId {
  const ms = Number.parseInt(id.slice(0, 8), 16) * 1000;
  const recent = ms >= now.getTime() - W3C_EPOCH_LOOKBACK_MS && ms <= now.getTime() + FUTURE_TOLERANCE_MS;
  if (!recent) return { id, kind: "w3c", searchValues: [id] };
  const xray = `1-${id.slice(0, 8)}-${id.slice(8)}`;
  return {
    id,
    kind: "w3c",
    time: new Date(ms),
    timeConfidence: "probable",
    searchValues: [id, xray],
    note: "its first 8 hex digits look like an X-Ray epoch, so the search starts around that time",
  };
}

function refuse(message: string): Result<AnchoredId, TraceError> {
  return err(new TraceError("trace_id_invalid", message));
}

/**
 * Recognises a request ID typed into `/trace` and decodes the time it embeds, so the search can start with a
 * narrow window: UUIDv1/v6/v7, X-Ray (`1-5759e988-…`, or a pasted `Root=…;Parent=…` header), W3C trace ids and
 * `traceparent` headers, ULID and KSUID; anything else shaped like `[A-Za-z0-9._:-]{4,128}` is a generic ID.
 * Everything else is refused here, with the reason, so no untrusted character ever reaches a query. `now`
 * bounds what counts as a plausible embedded time.
 */
export function anchorId(raw: string, now: Date): Result<AnchoredId, TraceError> {
  const id = unwrap(raw);
  if (id.length === 0) {
    return err(
      new TraceError(
        "trace_id_missing",
        "Give the request ID to trace, e.g. `/trace 19e555d0-b349-11f0-9ee0-09606a1108f9`.",
      ),
    );
  }

  const root = XRAY_HEADER_ROOT.exec(id);
  if (root?.[1] !== undefined) return anchorId(root[1], now);
  const traceparent = TRACEPARENT.exec(id);
  if (traceparent?.[1] !== undefined) return anchorId(traceparent[1], now);

  const uuid = UUID.exec(id);
  if (uuid?.[1] !== undefined) return ok(anchorUuid(id, uuid[1], now));
  const xray = XRAY.exec(id);
  if (xray?.[1] !== undefined && xray[2] !== undefined) return ok(anchorXray(id, xray[1], xray[2], now));
  if (W3C.test(id)) return ok(anchorW3c(id, now));
  if (ULID.test(id)) return ok(withTime(id, "ulid", decodeUlidTime(id), now, "exact"));
  if (KSUID.test(id)) {
    const ms = decodeKsuidTime(id);
    if (ms !== undefined) return ok(withTime(id, "ksuid", ms, now, "exact"));
  }
  if (GENERIC_ID.test(id)) return ok({ id, kind: "generic", searchValues: [id] });

  if (id.length < 4) return refuse(`\`${id}\` is too short to be a request ID (at least 4 characters).`);
  if (id.length > MAX_ID_LENGTH) {
    return refuse(`That ID is ${id.length} characters long; request IDs are at most ${MAX_ID_LENGTH}.`);
  }
  const bad = [...id].findIndex((c) => !/[A-Za-z0-9._:-]/.test(c));
  const badChar = [...id][bad] ?? "";
  return refuse(
    `A request ID may only contain letters, digits and \`. _ : -\`; character ${bad + 1} is ${describeChar(badChar)}. ` +
      "Paste just the ID (for example the X-Request-Id or correlation id value).",
  );
}
