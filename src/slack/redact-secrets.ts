/** The kinds of secret {@link redactSecrets} recognises; each shows up as `[redacted:<kind>]`. */
export type SecretKind =
  | "private-key"
  | "jwt"
  | "aws-secret-key"
  | "aws-access-key"
  | "slack-token"
  | "slack-webhook"
  | "bearer-token"
  | "card-number"
  | "email";

/** The marker that replaces a secret of the given kind. */
export function redactionMarker(kind: SecretKind): string {
  return `[redacted:${kind}]`;
}

interface Rule {
  readonly kind: SecretKind;
  /**
   * Global regex. Quantifiers are bounded, and a rule whose token may contain its own first letters starts with
   * a lookbehind, so `-ey-ey-ey…` does not rescan the same run from every position.
   */
  readonly pattern: RegExp;
  /** Builds the replacement from the match and its capture groups; returning the match keeps it (a near miss). */
  readonly replace: (match: string, groups: readonly string[]) => string;
}

const marker = (kind: SecretKind) => () => redactionMarker(kind);

/** Luhn checksum over the digits of `text` (other characters ignored). */
export function luhnValid(text: string): boolean {
  const digits = text.replace(/\D/g, "");
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Issuer prefixes of the big card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro).
 * Luhn alone passes one random number in ten, which would eat 13-digit epoch-millisecond timestamps in logs.
 */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|35|6011|64[4-9]|65|62|5[06-9]|6[37])/;

function redactCard(match: string): string {
  const digits = match.replace(/\D/g, "");
  if (digits.length < 13 || digits.length > 19) return match;
  if (!CARD_PREFIX.test(digits) || !luhnValid(digits)) return match;
  return redactionMarker("card-number");
}

function redactBearer(match: string, [scheme = "Bearer", token = ""]: readonly string[]): string {
  // "Bearer authentication" in prose is not a secret; real tokens are long or mix in digits and symbols.
  if (/^[A-Za-z]+$/.test(token) && token.length < 24) return match;
  return `${scheme} ${redactionMarker("bearer-token")}`;
}

const KEY_BLOCK =
  /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$)/g;

const RULES: readonly Rule[] = [
  // A key block without its END line (a cut log line) is redacted to the end: better too much than half a key.
  { kind: "private-key", pattern: KEY_BLOCK, replace: marker("private-key") },
  {
    kind: "jwt",
    pattern:
      /(?<![A-Za-z0-9_-])ey[A-Za-z0-9_-]{10,4096}\.ey[A-Za-z0-9_\\/-]{10,8192}\.[A-Za-z0-9_\\/-]{0,4096}={0,2}/g,
    replace: marker("jwt"),
  },
  {
    kind: "aws-secret-key",
    pattern:
      /((?:aws_?)?secret_?access_?key["']?\s{0,8}[:=]\s{0,8}["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    replace: (_match, [prefix = ""]) => `${prefix}${redactionMarker("aws-secret-key")}`,
  },
  {
    kind: "aws-access-key",
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    replace: marker("aws-access-key"),
  },
  {
    kind: "slack-webhook",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{10,300}/g,
    replace: marker("slack-webhook"),
  },
  {
    kind: "slack-token",
    pattern: /(?<![A-Za-z0-9-])(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,500}/g,
    replace: marker("slack-token"),
  },
  {
    kind: "bearer-token",
    pattern: /\b(bearer)\s{1,8}([A-Za-z0-9._~+/-]{12,4096}=*)/gi,
    replace: redactBearer,
  },
  {
    kind: "card-number",
    pattern: /(?<![\dA-Za-z])\d(?:[ -]?\d){12,18}(?![\dA-Za-z])/g,
    replace: redactCard,
  },
  {
    kind: "email",
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}\b/g,
    replace: marker("email"),
  },
];

/**
 * Replaces credentials and personal data in untrusted text with `[redacted:<kind>]` before it reaches Slack:
 * private-key blocks, JWTs, keyed AWS secret keys, AWS access key ids, Slack tokens and webhooks, bearer tokens,
 * card numbers (issuer prefix plus Luhn, so order ids and timestamps survive) and e-mail addresses. The rules
 * follow gitleaks; data-protection masking in CloudWatch Logs remains the first line of defence.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      // replace() passes the groups, then the offset (a number), then the whole input.
      const groupCount = rest.findIndex((r) => typeof r === "number");
      const groups = rest.slice(0, groupCount).map((g) => (typeof g === "string" ? g : ""));
      return rule.replace(match, groups);
    });
  }
  return out;
}
