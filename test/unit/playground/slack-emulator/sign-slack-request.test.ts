import { readFileSync } from "node:fs";
import { verifySlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { signSlackRequest } from "../../../../src/playground/slack-emulator/sign-slack-request.js";

interface TestVector {
  signingSecret: string;
  headers: Record<string, string>;
  rawBody: string;
}

const vector = JSON.parse(
  readFileSync(
    new URL(
      "../../../fixtures/slack/slack-slash-command-signed-request-docs-test-vector.json",
      import.meta.url,
    ),
    "utf8",
  ),
) as TestVector;

describe("signSlackRequest", () => {
  it("reproduces the signature of Slack's documented test vector", () => {
    // Prepare
    const timestamp = vector.headers["X-Slack-Request-Timestamp"] ?? "";

    // Act
    const signature = signSlackRequest(vector.signingSecret, timestamp, vector.rawBody);

    // Assess
    expect(signature).toBe(vector.headers["X-Slack-Signature"]);
  });

  it("produces a signature Bolt's verifier accepts", () => {
    // Prepare
    const timestamp = 1_700_000_000;
    const body = "command=%2Ftrace&text=abc";

    // Act
    const signature = signSlackRequest("s3cret", timestamp, body);

    // Assess
    expect(() =>
      verifySlackRequest({
        signingSecret: "s3cret",
        body,
        headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
        nowMilliseconds: timestamp * 1000,
      }),
    ).not.toThrow();
  });

  it("changes when a single byte of the body changes", () => {
    // Act
    const a = signSlackRequest("s3cret", 1, "text=a");
    const b = signSlackRequest("s3cret", 1, "text=b");

    // Assess
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v0=[0-9a-f]{64}$/);
  });
});
