/** The kinds of secret {@link redactSecrets} recognises; each shows up as `[redacted:<kind>]`. */
export type SecretKind =
  | "private-key"
  | "jwt"
  | "aws-secret-key"
  | "aws-access-key"
  | "aws-session-token"
  | "github-token"
  | "gitlab-token"
  | "stripe-key"
  | "google-api-key"
  | "npm-token"
  | "slack-token"
  | "slack-webhook"
  | "authorization"
  | "bearer-token"
  | "password"
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

function redactAuthorization(
  match: string,
  [prefix = "", scheme = "", token = ""]: readonly string[],
): string {
  if (token.startsWith("[redacted:")) return match;
  // "authorization: failed" is prose; credentials carry a scheme, or digits and symbols, or are long.
  if (scheme === "" && /^[A-Za-z]+$/.test(token) && token.length < 24) return match;
  const kind = /^bearer/i.test(scheme) ? "bearer-token" : "authorization";
  return `${prefix}${scheme}${redactionMarker(kind)}`;
}

/** Values that are visibly not a password: empty-ish, masked, a placeholder or a reference. */
const NOT_A_PASSWORD =
  /^(?:\*+|x+|\.+|-+|null|none|true|false|undefined|redacted|\[redacted:.{1,40}\]|\$\{.{1,200}\}|<.{1,200}>)$/i;

function redactKeyed(match: string, [prefix = "", value = ""]: readonly string[]): string {
  const bare = value.replace(/^["']|["']$/g, "");
  if (bare === "" || NOT_A_PASSWORD.test(bare)) return match;
  const quote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : "";
  return `${prefix}${quote}${redactionMarker("password")}${quote}`;
}

/** `scheme://user:password@host`: the whole password goes, even when it contains `@` or `:` itself. */
function redactUrlPassword(match: string, [scheme = "", authority = ""]: readonly string[]): string {
  const at = authority.lastIndexOf("@");
  const colon = authority.indexOf(":");
  if (at < 0 || colon < 0 || colon > at) return match;
  const password = authority.slice(colon + 1, at);
  if (password === "" || password.startsWith("[redacted:")) return match;
  return `${scheme}://${authority.slice(0, colon + 1)}${redactionMarker("password")}${authority.slice(at)}`;
}

const KEY_BLOCK =
  /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$)/g;

/** Access key ids (gitleaks `aws-access-token`), found after `_` or `=` too: `cfg_AKIA…` is still a key. */
const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g;

/**
 * The rules, in the order they run. Each is adapted from the gitleaks default rule set (rule ids in the
 * comments), with every quantifier bounded; keyed rules run before bare ones so the key name stays readable.
 */
const RULES: readonly Rule[] = [
  // private-key. A block without its END line (a cut log line) is redacted to the end: better too much than half.
  { kind: "private-key", pattern: KEY_BLOCK, replace: marker("private-key") },
  // jwt
  {
    kind: "jwt",
    pattern:
      /(?<![A-Za-z0-9_-])ey[A-Za-z0-9_-]{10,4096}\.ey[A-Za-z0-9_\\/-]{10,8192}\.[A-Za-z0-9_\\/-]{0,4096}={0,2}/g,
    replace: marker("jwt"),
  },
  // aws secret keys named by their key: aws_secret_access_key, SecretAccessKey
  {
    kind: "aws-secret-key",
    pattern:
      /((?:aws_?)?secret_?access_?key["']?\s{0,8}[:=]\s{0,8}["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    replace: (_match, [prefix = ""]) => `${prefix}${redactionMarker("aws-secret-key")}`,
  },
  // STS session tokens: keyed (aws_session_token, SessionToken, X-Amz-Security-Token) and by their fixed prefixes
  {
    kind: "aws-session-token",
    pattern:
      /((?:aws_?)?(?:session|security)[_-]?token["']?\s{0,8}[:=]\s{0,8}["']?)[A-Za-z0-9/+=%]{16,8192}/gi,
    replace: (_match, [prefix = ""]) => `${prefix}${redactionMarker("aws-session-token")}`,
  },
  {
    kind: "aws-session-token",
    pattern: /(?<![A-Za-z0-9/+])(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+]{20,8192}={0,2}/g,
    replace: marker("aws-session-token"),
  },
  // aws-access-token
  { kind: "aws-access-key", pattern: ACCESS_KEY_ID, replace: marker("aws-access-key") },
  // github-pat, github-oauth, github-app-token, github-refresh-token, github-fine-grained-pat
  {
    kind: "github-token",
    pattern:
      /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g,
    replace: marker("github-token"),
  },
  // gitlab-pat
  {
    kind: "gitlab-token",
    pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,300}/g,
    replace: marker("gitlab-token"),
  },
  // stripe-access-token
  {
    kind: "stripe-key",
    pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,99}(?![A-Za-z0-9])/g,
    replace: marker("stripe-key"),
  },
  // gcp-api-key
  {
    kind: "google-api-key",
    pattern: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
    replace: marker("google-api-key"),
  },
  // npm-access-token
  {
    kind: "npm-token",
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
    replace: marker("npm-token"),
  },
  // slack-webhook-url
  {
    kind: "slack-webhook",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{10,300}/g,
    replace: marker("slack-webhook"),
  },
  // slack-bot-token, slack-user-token, slack-app-token, …
  {
    kind: "slack-token",
    pattern: /(?<![A-Za-z0-9-])(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,500}/g,
    replace: marker("slack-token"),
  },
  // Authorization headers of any scheme (Basic credentials are a password in base64).
  {
    kind: "authorization",
    pattern:
      /((?:proxy-)?authorization["']?\s{0,8}[:=]\s{0,8}["']?)((?:basic|bearer|digest|token|negotiate)\s{1,8})?([^\s"',;]{6,4096})/gi,
    replace: redactAuthorization,
  },
  // generic-api-key, narrowed to bearer tokens anywhere in text
  {
    kind: "bearer-token",
    pattern: /\b(bearer)\s{1,8}([A-Za-z0-9._~+/-]{12,4096}=*)/gi,
    replace: redactBearer,
  },
  // Passwords in connection strings: postgres://user:pa@ss@host/db
  {
    kind: "password",
    pattern: /\b([A-Za-z][A-Za-z0-9+.-]{1,20}):\/\/([^\s/?#"'<>]{1,1024})/g,
    replace: redactUrlPassword,
  },
  // generic-api-key: password=…, pwd: …, "client_secret": "…", api_key=…
  {
    kind: "password",
    pattern:
      /((?<![A-Za-z0-9])(?:passwords?|passwd|pwd|passphrase|db_?pass|client_?secret|app_?secret|api_?secret|secret_?key|api_?key|apikey|access_?token|auth_?token|refresh_?token)["']?\s{0,8}[:=]\s{0,8})("[^"\n]{1,512}"|'[^'\n]{1,512}'|[^\s"',;&]{1,512})/gi,
    replace: redactKeyed,
  },
  // credit cards: spaces, dashes or dots between digit groups
  {
    kind: "card-number",
    pattern: /(?<![\dA-Za-z.])\d(?:[ .-]?\d){12,18}(?![\dA-Za-z]|\.\d)/g,
    replace: redactCard,
  },
  {
    kind: "email",
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}\b/g,
    replace: marker("email"),
  },
];

/** How far from an access key id a bare 40-character secret key is still taken as its pair. */
const PAIR_DISTANCE = 256;
/** A bare AWS secret key: 40 base64 characters with upper, lower and a digit (so hex hashes are kept). */
const BARE_SECRET = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/**
 * Logs often print a key pair without key names (`AKIA… wJalr…`). A 40-character token is redacted as a secret
 * key only near an access key id, since on its own the shape is too common (hashes, ids) to redact blindly.
 */
function redactBareSecretKeys(text: string): string {
  const ids = [...text.matchAll(ACCESS_KEY_ID)].map((m) => m.index);
  if (ids.length === 0) return text;
  return text.replace(BARE_SECRET, (candidate: string, offset: number) => {
    const near = ids.some((i) => Math.abs(i - offset) <= PAIR_DISTANCE);
    const mixed = /[A-Z]/.test(candidate) && /[a-z]/.test(candidate) && /\d/.test(candidate);
    return near && mixed ? redactionMarker("aws-secret-key") : candidate;
  });
}

/**
 * Replaces credentials and personal data in untrusted text with `[redacted:<kind>]` before it reaches Slack:
 * private-key blocks, JWTs, AWS secret keys (keyed, or bare next to an access key id), STS session tokens, AWS
 * access key ids, GitHub, GitLab, Stripe, Google API and npm keys, Slack tokens and webhooks, Authorization
 * headers of any scheme, bearer tokens, passwords in `key=value` pairs and in connection URLs, card numbers
 * (issuer prefix plus Luhn, so order ids and timestamps survive) and e-mail addresses. The reference list is
 * the gitleaks default rule set (the rule ids are named beside each rule); data-protection masking in
 * CloudWatch Logs remains the first line of defence.
 */
export function redactSecrets(text: string): string {
  let out = redactBareSecretKeys(text);
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
