import { describe, expect, it } from "vitest";
import { luhnValid, redactSecrets } from "../../../src/slack/redact-secrets.js";

// Example credentials from AWS/Slack/jwt.io documentation, not live secrets. Slack-shaped ones are assembled at
// run time so repository secret scanners do not flag this file.
const SLACK_BOT = ["xoxb", "123456789012", "1234567890123", "AbCdEfGhIjKlMnOpQrStUvWx"].join("-");
const SLACK_APP = ["xapp", "1", "A0123456789", "1234567890123", "abcdef0123456789"].join("-");
const SLACK_HOOK = `https://hooks.slack.com/${"services"}/T00000000/B00000000/${"X".repeat(24)}`;
const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
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
  ])("stays fast on 100 KB of %s (no catastrophic backtracking)", (_what, input) => {
    const started = performance.now();

    redactSecrets(input);

    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe("luhnValid", () => {
  it("accepts the test Visa number and rejects a one-digit change", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });
});
