import { describe, expect, it } from "vitest";
import { luhnValid, redactSecrets } from "../../../src/slack/redact-secrets.js";

// Example credentials from AWS/Slack/jwt.io documentation, not live secrets. Slack-shaped ones are assembled at
// run time so repository secret scanners do not flag this file.
const SLACK_BOT = ["xoxb", "123456789012", "1234567890123", "AbCdEfGhIjKlMnOpQrStUvWx"].join("-");
const SLACK_APP = ["xapp", "1", "A0123456789", "1234567890123", "abcdef0123456789"].join("-");
const SLACK_HOOK = `https://hooks.slack.com/${"services"}/T00000000/B00000000/${"X".repeat(24)}`;
const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
// Token shapes from the gitleaks rule tests and vendor docs, assembled so scanners do not flag this file.
const GITHUB_PAT = `${"ghp"}_${"A1b2C3d4E5".repeat(3)}ABCDEF`;
const GITHUB_FINE = `${"github"}_pat_${"11ABCDEFG0".repeat(2)}_${"a1B2c3D4e5".repeat(6)}0123456789ab`.slice(
  0,
  93,
);
const STRIPE = `${"sk"}_live_${"4eC39HqLyjWDarjtT1zdp7dc"}`;
const GOOGLE = `${"AIza"}SyD-${"a1B2c3D4e5".repeat(3).slice(0, 27)}AbCd`;
const SESSION_TOKEN = `${"IQoJb3JpZ2lu"}X2VjEBAaCXVzLWVhc3QtMSJHMEUCIQDl7example${"Q".repeat(60)}`;
const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

describe("redactSecrets", () => {
  it.each([
    ["AWS access key id", `key=${ACCESS_KEY} used`, "key=[redacted:aws-access-key] used"],
    ["AWS session key id", "ASIAY34FZKBOKMUTVV7A", "[redacted:aws-access-key]"],
    [
      "keyed AWS secret",
      `aws_secret_access_key = ${SECRET_KEY}`,
      "aws_secret_access_key = [redacted:aws-secret-key]",
    ],
    [
      "JSON secret key",
      `{"SecretAccessKey":"${SECRET_KEY}"}`,
      `{"SecretAccessKey":"[redacted:aws-secret-key]"}`,
    ],
    ["JWT", `token ${JWT} rejected`, "token [redacted:jwt] rejected"],
    ["Slack bot token", SLACK_BOT, "[redacted:slack-token]"],
    ["Slack app token", SLACK_APP, "[redacted:slack-token]"],
    ["Slack webhook", `posting to ${SLACK_HOOK}`, "posting to [redacted:slack-webhook]"],
    [
      "bearer token",
      "Authorization: Bearer abc123.def456-ghi789",
      "Authorization: Bearer [redacted:bearer-token]",
    ],
    ["Visa card with spaces", "card 4111 1111 1111 1111 declined", "card [redacted:card-number] declined"],
    ["Mastercard with dashes", "5555-5555-5555-4444", "[redacted:card-number]"],
    ["Amex", "378282246310005", "[redacted:card-number]"],
    ["e-mail", "user jane.doe+ops@example.co.uk failed login", "user [redacted:email] failed login"],
    ["access key id after an underscore", `cfg_${ACCESS_KEY}`, "cfg_[redacted:aws-access-key]"],
    [
      "Basic Authorization header",
      "Authorization: Basic dXNlcjpzM2NyZXQ=",
      "Authorization: Basic [redacted:authorization]",
    ],
    [
      "Bearer Authorization header in JSON",
      '{"authorization":"Bearer 0123456789abcdefXYZ"}',
      '{"authorization":"Bearer [redacted:bearer-token]"}',
    ],
    [
      "password=… pair",
      "login failed password=hunter2&user=bob",
      "login failed password=[redacted:password]&user=bob",
    ],
    ["pwd: pair", "pwd: 'c0rrect horse'", "pwd: '[redacted:password]'"],
    ["quoted client secret", '"client_secret": "s3cr3t-value"', '"client_secret": "[redacted:password]"'],
    [
      "keyed STS session token",
      `aws_session_token=${SESSION_TOKEN}`,
      "aws_session_token=[redacted:aws-session-token]",
    ],
    [
      "bare STS session token",
      `token ${SESSION_TOKEN} expired`,
      "token [redacted:aws-session-token] expired",
    ],
    [
      "bare secret key next to its access key id",
      `creds ${ACCESS_KEY} ${SECRET_KEY} loaded`,
      "creds [redacted:aws-access-key] [redacted:aws-secret-key] loaded",
    ],
    ["GitHub classic token", `git clone with ${GITHUB_PAT}`, "git clone with [redacted:github-token]"],
    ["GitHub fine-grained token", GITHUB_FINE, "[redacted:github-token]"],
    ["Stripe live key", `stripe key ${STRIPE}`, "stripe key [redacted:stripe-key]"],
    ["Google API key", `maps?key=${GOOGLE}`, "maps?key=[redacted:google-api-key]"],
    ["Visa card with dots", "card 4111.1111.1111.1111 declined", "card [redacted:card-number] declined"],
    [
      "key id but not the 40-hex commit hash beside it",
      `${ACCESS_KEY} commit 9fceb02d0ae598e95dc970b74767f19372d61af8`,
      "[redacted:aws-access-key] commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
    ],
    [
      "whole database URL password, with @ and : inside it",
      "postgres://app:p@ss:w0rd@db.internal:5432/orders",
      "postgres://app:[redacted:password]@db.internal:5432/orders",
    ],
  ])("redacts a %s", (_kind, input, expected) => {
    // Prepare / Act
    const out = redactSecrets(input);

    // Assess
    expect(out).toBe(expected);
  });

  it("redacts a whole private-key block, and a cut one to the end of the text", () => {
    const block = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----";

    expect(redactSecrets(`before ${block} after`)).toBe("before [redacted:private-key] after");
    expect(redactSecrets("x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN")).toBe("x [redacted:private-key]");
  });

  it.each([
    ["a Luhn-invalid 16-digit number", "order 4111 1111 1111 1112"],
    ["a 13-digit epoch-millisecond timestamp", "ts=1717171717171"],
    ["a Luhn-valid number without a card prefix", "id 1000000000000008"],
    ["a 20-digit id", "trace 12345678901234567890"],
    ["digits inside a hex hash", "sha a94111111111111111b"],
    ["a UUID", "req 550e8400-e29b-41d4-a716-446655440000"],
    ["plain small numbers", "p95 5000 ms for 3 of 3 periods"],
    ["the word Bearer in prose", "missing Bearer authentication header"],
    ["an AKIA-like word that is too short", "AKIASHORT"],
    ["an @-handle without a domain", "ping @alice"],
    ["a bare 40-char token with no access key id near", `blob ${SECRET_KEY} seen`],
    ["authorization failures in prose", "authorization: failed for user"],
    ["a URL with a port and no password", "https://example.com:8443/health"],
    ["a masked password", "password=****"],
    ["a version number with dots", "release 4.1.1111.1111.1111"],
  ])("keeps %s", (_what, input) => {
    expect(redactSecrets(input)).toBe(input);
  });

  it.each([
    ["a long word", "a".repeat(100_000)],
    ["separated digits", "1 ".repeat(50_000)],
    ["repeated JWT prefixes", "-ey".repeat(33_000)],
    ["repeated Slack token prefixes", "-xoxb".repeat(20_000)],
    ["repeated @", "x@".repeat(50_000)],
    ["repeated key headers", "-----BEGIN ".repeat(9_000)],
    ["repeated password keys", "password=".repeat(11_000)],
    ["repeated URL schemes", "a://b:".repeat(16_000)],
    [
      "an access key id among many 40-char tokens",
      `AKIAIOSFODNN7EXAMPLE ${"Ab1/".repeat(10)} `.repeat(1_500),
    ],
    ["repeated authorization keys", "authorization:".repeat(7_000)],
  ])(
    "redacts 100 KB of %s without catastrophic backtracking",
    (_what, input) => {
      // A catastrophic regex takes minutes here; the short test timeout is the guard, not a speed goal.
      const out = redactSecrets(input);

      expect(typeof out).toBe("string");
    },
    2_000,
  );
});

describe("luhnValid", () => {
  it("accepts the test Visa number and rejects a one-digit change", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });
});
