/** Options of {@link maskMessage}. */
export interface MaskOptions {
  /** Longest masked result; longer ones are cut and end in `…`. Default 300. */
  readonly maxLength?: number;
  /** Also replace the contents of quoted strings with `<str>`. Default false: quoted keys often name the bug. */
  readonly maskQuoted?: boolean;
}

const DEFAULT_MAX_LENGTH = 300;
// Longer inputs are cut before masking so that a 1 MB log line costs no more than a normal one.
const MAX_INPUT_LENGTH = 4000;

/** One masking rule: what it finds and what it puts in its place. */
export interface MaskRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: string | ((match: string) => string);
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

// Every rule meets untrusted log text, so each one runs in linear time: quantifiers are bounded ({1,64} and
// the like), and the two that are not start with a look-behind that rules out starting inside a run of their
// own characters and end with the unbounded quantifier, so no match attempt re-scans a run another one scanned.
// An unbounded local part once made the e-mail rule quadratic: 200 lines with 4 KB base64 blobs held the event
// loop for seconds.
//
// Order matters: timestamps before times and numbers, identifiers before hex, hex before long tokens,
// numbers last, so every later rule sees the placeholders of the earlier ones (which hold no digits).
const RULES: readonly MaskRule[] = [
  {
    name: "timestamp",
    pattern:
      /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w:])/g,
    replace: "<ts>",
  },
  { name: "time", pattern: /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\b/g, replace: "<ts>" },
  {
    name: "uuid",
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    replace: "<uuid>",
  },
  { name: "xray", pattern: /\b1-[0-9a-f]{8}-[0-9a-f]{24}\b/gi, replace: "<xray>" },
  {
    // RFC 5321 limits: a local part of at most 64 characters, labels of at most 63.
    name: "email",
    pattern:
      /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
    replace: "<email>",
  },
  { name: "ipv4", pattern: new RegExp(`\\b${OCTET}(?:\\.${OCTET}){3}\\b`, "g"), replace: "<ip>" },
  { name: "ipv6", pattern: /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi, replace: "<ip>" },
  { name: "ulid", pattern: /\b(?=\d{0,25}[A-HJKMNP-TV-Z])[0-7][0-9A-HJKMNP-TV-Z]{25}\b/g, replace: "<ulid>" },
  { name: "0x", pattern: /\b0x[0-9a-f]{1,64}\b/gi, replace: "<hex>" },
  {
    // Longer hex runs are left to the opaque-token rule below.
    name: "hex",
    pattern: /\b(?=[0-9a-f]{0,63}[a-f])(?=[0-9a-f]{0,63}\d)[0-9a-f]{8,64}\b/gi,
    replace: "<hex>",
  },
  {
    name: "token",
    pattern: /(?<![\w/.=+-])[A-Za-z0-9+/=_-]{24,}/g,
    replace: (token) => (isOpaqueToken(token) ? "<id>" : token),
  },
];

const QUOTED_RULES: readonly MaskRule[] = [
  // An escaped quote never opens a string, so a run of \" is scanned once, not once per quote.
  { name: "double-quoted", pattern: /(?<!\\)"(?:[^"\\\n]|\\.){0,256}"/g, replace: '"<str>"' },
  { name: "single-quoted", pattern: /(?<![\w])'[^'\n]{0,256}'(?![\w])/g, replace: "'<str>'" },
];

const NUMBER_RULE: MaskRule = { name: "number", pattern: /(?<![\w.])\d+(?:\.\d+)?/g, replace: "<num>" };

/** Every rule {@link maskMessage} may apply, in order, so tests can check each one on hostile input. */
export const MASK_RULES: readonly MaskRule[] = [...RULES, ...QUOTED_RULES, NUMBER_RULE];

/**
 * Turns one error message into a pattern by replacing the parts that change between occurrences of the same
 * error: ISO timestamps, dates and times → `<ts>`, UUIDs → `<uuid>`, X-Ray trace ids → `<xray>`, ULIDs →
 * `<ulid>`, emails → `<email>`, IPv4/IPv6 addresses → `<ip>`, hex runs of 8+ (or `0x…`) → `<hex>`, long
 * opaque tokens → `<id>`, standalone numbers → `<num>` and, if asked, quoted strings → `"<str>"`. Whitespace
 * runs collapse to one space and the result is capped at `maxLength` characters.
 *
 * @example maskMessage("Timeout after 3021 ms for req 19e555d0-b349-11f0-9ee0-09606a1108f9")
 *   // → "Timeout after <num> ms for req <uuid>"
 */
export function maskMessage(message: string, options: MaskOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  let text = message.length > MAX_INPUT_LENGTH ? message.slice(0, MAX_INPUT_LENGTH) : message;
  const rules =
    options.maskQuoted === true ? [...RULES, ...QUOTED_RULES, NUMBER_RULE] : [...RULES, NUMBER_RULE];
  for (const rule of rules) {
    text =
      typeof rule.replace === "string"
        ? text.replace(rule.pattern, rule.replace)
        : text.replace(rule.pattern, rule.replace);
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > maxLength ? `${text.slice(0, Math.max(0, maxLength - 1))}…` : text;
}

// A long run counts as an opaque token (session id, API key, base64 blob) only when it mixes letters with
// several digits; long snake_case identifiers and file names stay readable.
function isOpaqueToken(token: string): boolean {
  const digits = token.replace(/\D/g, "").length;
  return digits >= 4 && /[A-Za-z]/.test(token);
}
