import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { parseSnsEnvelope, type SnsMessage } from "../../../../src/ingest/sns/sns-envelope.js";
import {
  createSnsVerifier,
  type SnsVerifierDeps,
  type SnsVerifierOptions,
} from "../../../../src/ingest/sns/verify-sns-message.js";
import {
  buildSignedNotification,
  buildSignedSubscriptionConfirmation,
  buildSignedUnsubscribeConfirmation,
  TEST_SIGNING_CERT_PEM,
} from "../../../fakes/sns-signer.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/sns/${name}`, import.meta.url), "utf8");
const AWS_CERT_PEM = fixture("sns-signing-cert-2021-us-east-2-real.pem");
const REAL = [
  "sns-http-notification-sigv1-real-signed.json",
  "sns-http-notification-sigv2-real-signed.json",
  "sns-http-notification-with-subject-sigv1-real-signed.json",
] as const;
const TOPIC = "arn:aws:sns:us-east-1:123456789012:klaxon-alarms";
const NOW = new Date("2027-03-01T12:00:00.000Z");

function parsed(body: string): SnsMessage {
  const result = parseSnsEnvelope(body);
  if (!result.ok) throw result.error;
  return result.value;
}

/** A verifier for one real fixture: its topic allowed, its time "now", the expired AWS cert accepted. */
function realSetup(name: string, overrides: Partial<SnsVerifierOptions> = {}, now?: Date) {
  const message = parsed(fixture(name));
  const fetchCert = vi.fn<SnsVerifierDeps["fetchCert"]>(async () => AWS_CERT_PEM);
  const verifier = createSnsVerifier(
    { fetchCert, clock: () => now ?? new Date(message.Timestamp) },
    {
      topicArns: [message.TopicArn],
      allowAnyTopic: false,
      maxAgeSeconds: 3600,
      skipCertExpiry: true,
      ...overrides,
    },
  );
  return { message, fetchCert, verifier };
}

function testSetup(overrides: Partial<SnsVerifierOptions> = {}, pem = TEST_SIGNING_CERT_PEM) {
  const fetchCert = vi.fn<SnsVerifierDeps["fetchCert"]>(async () => pem);
  const verifier = createSnsVerifier(
    { fetchCert, clock: () => NOW },
    { topicArns: [TOPIC], allowAnyTopic: false, maxAgeSeconds: 3600, ...overrides },
  );
  return { fetchCert, verifier };
}

async function codeOf(verifier: ReturnType<typeof createSnsVerifier>, message: SnsMessage) {
  const result = await verifier.verify(message);
  return result.ok ? "accepted" : result.error.code;
}

// Replaces one character with another of the same kind, so the field stays well-formed and only the signature
// check can notice the change.
function mutate(value: string, index: number): string {
  const c = value.charAt(index);
  const swap = /\d/.test(c)
    ? String((Number(c) + 1) % 10)
    : /[a-y]/i.test(c)
      ? String.fromCharCode(c.charCodeAt(0) + 1)
      : /[zZ]/.test(c)
        ? "a"
        : ({ "+": "/", "/": "+", "-": "_", ":": ";", ".": ",", "=": "A", " ": "_" }[c] ?? "x");
  return value.slice(0, index) + swap + value.slice(index + 1);
}

describe("createSnsVerifier with real AWS-signed messages", () => {
  it.each(REAL)("accepts %s with the real SNS certificate", async (name) => {
    const { message, verifier, fetchCert } = realSetup(name);
    const result = await verifier.verify(message);
    expect(result).toEqual({ ok: true, value: message });
    expect(fetchCert).toHaveBeenCalledWith(message.SigningCertURL);
  });

  it.each(REAL)("refuses every single-character change to a signed field of %s", async (name) => {
    const { message, verifier } = realSetup(name, { allowAnyTopic: true });
    const original: Record<string, unknown> = JSON.parse(fixture(name));
    const fields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type", "Signature"];
    const codes = new Map<string, Set<string>>();
    let cases = 0;
    for (const field of fields.filter((f) => typeof original[f] === "string")) {
      const value = String(original[field]);
      const seen = new Set<string>();
      for (let i = 0; i < value.length; i += 1) {
        const envelope = parseSnsEnvelope(JSON.stringify({ ...original, [field]: mutate(value, i) }));
        seen.add(envelope.ok ? await codeOf(verifier, envelope.value) : envelope.error.code);
        cases += 1;
      }
      codes.set(field, seen);
    }
    expect(cases).toBeGreaterThan(450);
    for (const [field, seen] of codes) expect(seen, field).not.toContain("accepted");
    // Free-text fields can only be caught by the signature itself.
    for (const field of ["Message", "MessageId", "Subject", "Signature"].filter((f) => codes.has(f))) {
      expect([...(codes.get(field) ?? [])], field).toEqual(["sns_signature_invalid"]);
    }
    expect(await codeOf(verifier, message)).toBe("accepted");
  });

  it.each(REAL)(
    "limits certificate downloads caused by forged copies of %s, then accepts the real one",
    async (name) => {
      const real = parsed(fixture(name));
      let now = Date.parse(real.Timestamp);
      const fetchCert = vi.fn<SnsVerifierDeps["fetchCert"]>(async (url) => {
        if (url === real.SigningCertURL) return AWS_CERT_PEM;
        throw new Error("HTTP 404");
      });
      const verifier = createSnsVerifier(
        { fetchCert, clock: () => new Date(now) },
        { topicArns: [real.TopicArn], allowAnyTopic: false, maxAgeSeconds: 3600, skipCertExpiry: true },
      );
      const forged = (n: number): SnsMessage => ({
        ...real,
        Message: `${real.Message} forged ${n}`,
        SigningCertURL: real.SigningCertURL.replace(
          /-[0-9a-f]{32}\.pem$/,
          `-${n.toString(16).padStart(32, "0")}.pem`,
        ),
      });

      const sameUrl = [];
      for (let i = 0; i < 30; i++) sameUrl.push(await codeOf(verifier, forged(1)));
      const manyUrls = [];
      for (let n = 2; n < 102; n++) manyUrls.push(await codeOf(verifier, forged(n)));
      const fetchesDuringFlood = fetchCert.mock.calls.length;
      const duringFlood = await codeOf(verifier, real);
      now += 60_000;
      const afterRefill = await codeOf(verifier, real);

      expect(new Set(sameUrl)).toEqual(new Set(["sns_cert_fetch_failed"]));
      expect(new Set(manyUrls)).toEqual(new Set(["sns_cert_fetch_failed"]));
      expect(fetchesDuringFlood).toBe(10);
      expect(duringFlood).toBe("sns_cert_fetch_failed");
      expect(afterRefill).toBe("accepted");
      expect(fetchCert).toHaveBeenCalledTimes(11);
    },
  );

  it("refuses a version 2 message relabelled as version 1, and the reverse", async () => {
    const v2 = realSetup(REAL[1]);
    expect(await codeOf(v2.verifier, { ...v2.message, SignatureVersion: "1" })).toBe("sns_signature_invalid");
    const v1 = realSetup(REAL[0]);
    expect(await codeOf(v1.verifier, { ...v1.message, SignatureVersion: "2" })).toBe("sns_signature_invalid");
  });

  it("refuses the real certificate once expired when the expiry check is on", async () => {
    const valid = realSetup(REAL[0], { skipCertExpiry: false });
    expect(await codeOf(valid.verifier, valid.message)).toBe("accepted");
    const afterExpiry = new Date("2022-08-18T00:00:00.000Z");
    const { message, verifier } = realSetup(
      REAL[0],
      { skipCertExpiry: false, maxAgeSeconds: 1e8 },
      afterExpiry,
    );
    const result = await verifier.verify(message);
    expect(result.ok ? undefined : result.error).toMatchObject({
      code: "sns_cert_invalid",
      retryable: false,
    });
    expect(result.ok ? "" : result.error.message).toContain("not valid now");
  });
});

describe("createSnsVerifier policy", () => {
  it.each([["1"], ["2"]])(
    "accepts test-signed messages of every type with SignatureVersion %s",
    async (v) => {
      const { verifier } = testSetup();
      const common = { topicArn: TOPIC, timestamp: NOW, signatureVersion: v };
      expect(
        await codeOf(verifier, buildSignedNotification({ ...common, message: { AlarmName: "x" } })),
      ).toBe("accepted");
      expect(await codeOf(verifier, buildSignedSubscriptionConfirmation(common))).toBe("accepted");
      expect(await codeOf(verifier, buildSignedUnsubscribeConfirmation(common))).toBe("accepted");
    },
  );

  it.each([["3"], [""], ["0"], ["2.0"], ["v2"]])(
    "refuses unknown SignatureVersion %j before fetching a certificate",
    async (version) => {
      const { verifier, fetchCert } = testSetup();
      const message = buildSignedNotification({
        topicArn: TOPIC,
        timestamp: NOW,
        message: "m",
        signatureVersion: version,
      });
      expect(await codeOf(verifier, message)).toBe("sns_unsupported_signature_version");
      expect(fetchCert).not.toHaveBeenCalled();
    },
  );

  it("refuses SignatureVersion 1 once minSignatureVersion is 2, but still accepts 2", async () => {
    const { verifier, fetchCert } = testSetup({ minSignatureVersion: 2 });
    const base = { topicArn: TOPIC, timestamp: NOW, message: "m" };
    const sha1 = buildSignedNotification({ ...base, signatureVersion: "1" });
    const result = await verifier.verify(sha1);
    expect(result.ok ? "" : result.error.message).toContain("set the topic attribute SignatureVersion to 2");
    expect(fetchCert).not.toHaveBeenCalled();
    expect(await codeOf(verifier, buildSignedNotification({ ...base, signatureVersion: "2" }))).toBe(
      "accepted",
    );
  });

  it("refuses a validly signed message from a topic that is not allowed, without fetching", async () => {
    const { verifier, fetchCert } = testSetup();
    const foreign = buildSignedNotification({ topicArn: `${TOPIC}-other`, timestamp: NOW, message: "m" });
    expect(await codeOf(verifier, foreign)).toBe("sns_topic_not_allowed");
    expect(fetchCert).not.toHaveBeenCalled();
  });

  it("accepts any topic when allowAnyTopic is set", async () => {
    const { verifier } = testSetup({ allowAnyTopic: true, topicArns: [] });
    const foreign = buildSignedNotification({ topicArn: `${TOPIC}-other`, timestamp: NOW, message: "m" });
    expect(await codeOf(verifier, foreign)).toBe("accepted");
  });

  it.each([
    ["exactly maxAgeSeconds old", -3600_000, "accepted"],
    ["one second older than maxAgeSeconds", -3601_000, "sns_stale"],
    ["two hours old", -7200_000, "sns_stale"],
    ["four minutes in the future", 240_000, "accepted"],
    ["five minutes and a second in the future", 301_000, "sns_stale"],
    ["ten minutes in the future", 600_000, "sns_stale"],
  ])("judges a message %s", async (_label, offsetMs, expected) => {
    const { verifier, fetchCert } = testSetup();
    const timestamp = new Date(NOW.getTime() + offsetMs);
    expect(
      await codeOf(verifier, buildSignedNotification({ topicArn: TOPIC, timestamp, message: "m" })),
    ).toBe(expected);
    expect(fetchCert).toHaveBeenCalledTimes(expected === "accepted" ? 1 : 0);
  });

  it("refuses a message signed by another key than the certificate's", async () => {
    const message = buildSignedNotification({ topicArn: TOPIC, timestamp: NOW, message: "m" });
    const { verifier } = testSetup({ skipCertExpiry: true }, AWS_CERT_PEM);
    expect(await codeOf(verifier, message)).toBe("sns_signature_invalid");
  });

  it("refuses a certificate whose common name is not sns.amazonaws.com unless the URL pin is overridden", async () => {
    const wrongCn = fixture("test-signing-cert-wrong-cn.pem");
    const message = buildSignedNotification({ topicArn: TOPIC, timestamp: NOW, message: "m" });
    const pinned = await testSetup({}, wrongCn).verifier.verify(message);
    expect(pinned.ok ? "" : pinned.error.message).toContain("issued to sns.amazonaws.com.evil.example");
    const overridden = testSetup(
      { certUrlPattern: /^https:\/\/sns\.us-east-1\.amazonaws\.com\/.*$/ },
      wrongCn,
    );
    expect(await codeOf(overridden.verifier, message)).toBe("accepted");
  });

  it("reports a certificate download failure as retryable and recovers on a delivery after 60 s", async () => {
    let now = NOW.getTime();
    const fetchCert = vi
      .fn<SnsVerifierDeps["fetchCert"]>()
      .mockRejectedValueOnce(new Error("ECONNRESET"))
      .mockResolvedValueOnce("<html>503 Service Unavailable</html>")
      .mockResolvedValue(TEST_SIGNING_CERT_PEM);
    const verifier = createSnsVerifier(
      { fetchCert, clock: () => new Date(now) },
      { topicArns: [TOPIC], allowAnyTopic: false, maxAgeSeconds: 3600 },
    );
    const message = buildSignedNotification({ topicArn: TOPIC, timestamp: NOW, message: "m" });
    const first = await verifier.verify(message);
    expect(first.ok ? undefined : first.error).toMatchObject({
      code: "sns_cert_fetch_failed",
      retryable: true,
    });
    now += 61_000;
    const second = await verifier.verify(message);
    expect(second.ok ? undefined : second.error).toMatchObject({ code: "sns_cert_invalid", retryable: true });
    now += 61_000;
    expect(await codeOf(verifier, message)).toBe("accepted");
    expect(await codeOf(verifier, message)).toBe("accepted");
    expect(fetchCert).toHaveBeenCalledTimes(3);
  });

  it("downloads a certificate once for concurrent deliveries signed with it", async () => {
    const { verifier, fetchCert } = testSetup();
    const messages = Array.from({ length: 10 }, () =>
      buildSignedNotification({ topicArn: TOPIC, timestamp: NOW, message: "m" }),
    );
    const codes = await Promise.all(messages.map((m) => codeOf(verifier, m)));
    expect(codes).toEqual(Array(10).fill("accepted"));
    expect(fetchCert).toHaveBeenCalledTimes(1);
  });

  it("refuses a Signature that is not canonical base64 even when it decodes to the right bytes", async () => {
    const { verifier } = testSetup();
    const message = buildSignedNotification({ topicArn: TOPIC, timestamp: NOW, message: "m" });
    expect(await codeOf(verifier, { ...message, Signature: `${message.Signature}\n` })).toBe(
      "sns_signature_invalid",
    );
    expect(await codeOf(verifier, { ...message, Signature: message.Signature.replace(/=+$/, "") })).toBe(
      "sns_signature_invalid",
    );
  });
});
