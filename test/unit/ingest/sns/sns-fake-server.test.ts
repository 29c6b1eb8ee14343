import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpsFetchCert } from "../../../../src/ingest/sns/sns-https-fetch-cert.js";
import { createSnsVerifier } from "../../../../src/ingest/sns/verify-sns-message.js";
import {
  FAKE_SNS_CERT_URL_PATTERN,
  type FakeSnsServer,
  startFakeSnsServer,
} from "../../../fakes/fake-sns-server.js";
import { buildSignedNotification, TEST_CERT_PATH } from "../../../fakes/sns-signer.js";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:klaxon-alarms";
let fake: FakeSnsServer;

beforeAll(async () => {
  fake = await startFakeSnsServer();
});

afterAll(async () => {
  await fake.close();
});

describe("verifying against the loopback fake SNS (override pattern, real HTTP certificate download)", () => {
  it("downloads the test certificate once and accepts every message it signed", async () => {
    const verifier = createSnsVerifier(
      { fetchCert: createHttpsFetchCert({ timeoutMs: 2_000 }), clock: () => new Date() },
      {
        topicArns: [TOPIC],
        allowAnyTopic: false,
        maxAgeSeconds: 3600,
        certUrlPattern: new RegExp(FAKE_SNS_CERT_URL_PATTERN),
      },
    );
    const before = fake.certRequests();
    for (const signatureVersion of ["1", "2", "2"]) {
      const message = buildSignedNotification({
        topicArn: TOPIC,
        message: "m",
        certUrl: fake.certUrl,
        signatureVersion,
      });
      const result = await verifier.verify(message);
      expect(result.ok).toBe(true);
    }
    expect(fake.certRequests() - before).toBe(1);
    expect(fake.certUrl.endsWith(TEST_CERT_PATH)).toBe(true);
  });

  it("makes no request at all for a URL outside the override pattern", async () => {
    const verifier = createSnsVerifier(
      { fetchCert: createHttpsFetchCert({ timeoutMs: 2_000 }), clock: () => new Date() },
      {
        topicArns: [TOPIC],
        allowAnyTopic: false,
        maxAgeSeconds: 3600,
        certUrlPattern: new RegExp(FAKE_SNS_CERT_URL_PATTERN),
      },
    );
    const before = fake.requests().length;
    const certUrl = `${fake.url}/evil${TEST_CERT_PATH}`;
    const result = await verifier.verify(buildSignedNotification({ topicArn: TOPIC, message: "m", certUrl }));
    expect(result.ok ? "accepted" : result.error.code).toBe("sns_cert_url_rejected");
    expect(fake.requests().length).toBe(before);
  });

  it("refuses the fake's certificate URL when the pin is not overridden, without contacting it", async () => {
    const verifier = createSnsVerifier(
      { fetchCert: createHttpsFetchCert({ timeoutMs: 2_000 }), clock: () => new Date() },
      { topicArns: [TOPIC], allowAnyTopic: false, maxAgeSeconds: 3600 },
    );
    const before = fake.requests().length;
    const result = await verifier.verify(
      buildSignedNotification({ topicArn: TOPIC, message: "m", certUrl: fake.certUrl }),
    );
    expect(result.ok ? "accepted" : result.error.code).toBe("sns_cert_url_rejected");
    expect(fake.requests().length).toBe(before);
  });
});
