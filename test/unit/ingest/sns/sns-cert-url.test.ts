import { describe, expect, it, vi } from "vitest";
import { checkSnsCertUrl } from "../../../../src/ingest/sns/sns-cert-url.js";
import { createSnsVerifier, type SnsVerifierDeps } from "../../../../src/ingest/sns/verify-sns-message.js";
import { buildSignedNotification, TEST_SIGNING_CERT_PEM } from "../../../fakes/sns-signer.js";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:klaxon-alarms";
const HEX = "0123456789abcdef0123456789abcdef";
const PEM_PATH = `/SimpleNotificationService-${HEX}.pem`;
const GOOD = `https://sns.us-east-1.amazonaws.com${PEM_PATH}`;

const SPOOFS: readonly (readonly [string, string])[] = [
  ["plain http", `http://sns.us-east-1.amazonaws.com${PEM_PATH}`],
  ["uppercase scheme", `HTTPS://sns.us-east-1.amazonaws.com${PEM_PATH}`],
  ["lookalike suffix host", `https://sns.us-east-1.amazonaws.com.evil.com${PEM_PATH}`],
  ["host as a path segment", `https://evil.com/sns.us-east-1.amazonaws.com${PEM_PATH}`],
  ["userinfo @ trick", `https://sns.us-east-1.amazonaws.com@evil.com${PEM_PATH}`],
  ["credentials before host", `https://user:pass@sns.us-east-1.amazonaws.com${PEM_PATH}`],
  ["encoded slash before @", `https://sns.us-east-1.amazonaws.com%2F@evil.com${PEM_PATH}`],
  ["backslash before @", `https://sns.us-east-1.amazonaws.com\\@evil.com${PEM_PATH}`],
  ["backslash as separator", `https://evil.com\\sns.us-east-1.amazonaws.com${PEM_PATH}`],
  ["explicit default port", `https://sns.us-east-1.amazonaws.com:443${PEM_PATH}`],
  ["other port", `https://sns.us-east-1.amazonaws.com:8443${PEM_PATH}`],
  ["query string", `${GOOD}?x=.pem`],
  ["empty query", `${GOOD}?`],
  ["fragment", `${GOOD}#.pem`],
  ["uppercase host", `https://SNS.US-EAST-1.AMAZONAWS.COM${PEM_PATH}`],
  ["trailing dot host", `https://sns.us-east-1.amazonaws.com.${PEM_PATH}`],
  ["fullwidth dot (IDN mapping)", `https://sns\uFF0Eus-east-1.amazonaws.com${PEM_PATH}`],
  ["greek omicron lookalike", `https://sns.us-east-1.amazonaws.c\u03BFm${PEM_PATH}`],
  ["punycode host", `https://xn--sns-us-east-1-amazonaws-com.evil${PEM_PATH}`],
  ["percent-encoded host dot", `https://sns%2eus-east-1.amazonaws.com${PEM_PATH}`],
  ["percent-encoded path", `https://sns.us-east-1.amazonaws.com/%53impleNotificationService-${HEX}.pem`],
  ["dot-dot path traversal", `https://sns.us-east-1.amazonaws.com/evil/..${PEM_PATH}`],
  ["encoded traversal", `https://sns.us-east-1.amazonaws.com/evil/%2e%2e${PEM_PATH}`],
  ["S3-style sns host", `https://sns.s3-us-west-2.amazonaws.com${PEM_PATH}`],
  ["S3 bucket path", `https://s3.amazonaws.com/sns${PEM_PATH}`],
  ["other region than the TopicArn", `https://sns.us-west-2.amazonaws.com${PEM_PATH}`],
  ["China suffix for an aws topic", `https://sns.us-east-1.amazonaws.com.cn${PEM_PATH}`],
  ["fake- prefix host", `https://fake-sns.us-east-1.amazonaws.com${PEM_PATH}`],
  ["other domain", `https://sns.us-east-1.fake.com${PEM_PATH}`],
  ["other amazonaws host", `https://malicious.amazonaws.com${PEM_PATH}`],
  ["empty region label", `https://sns..amazonaws.com${PEM_PATH}`],
  ["IPv4 address", `https://54.239.28.85${PEM_PATH}`],
  ["IPv6 loopback", `https://[::1]${PEM_PATH}`],
  ["metadata address", `http://169.254.169.254/latest/meta-data${PEM_PATH}`],
  ["arbitrary .pem", "https://sns.us-east-1.amazonaws.com/evil.pem"],
  ["nested path", `https://sns.us-east-1.amazonaws.com/bucket${PEM_PATH}`],
  ["uppercase hex", `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${HEX.toUpperCase()}.pem`],
  ["short hex", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem"],
  ["trailing slash", `${GOOD}/`],
  ["trailing space", `${GOOD} `],
  ["leading space", ` ${GOOD}`],
  ["embedded newline", `https://sns.us-east-1.amazonaws.com/SimpleNotification\nService-${HEX}.pem`],
  ["protocol-relative", `//sns.us-east-1.amazonaws.com${PEM_PATH}`],
  ["file scheme", "file:///etc/passwd"],
  ["not a URL", "sns.us-east-1.amazonaws.com"],
];

describe("checkSnsCertUrl", () => {
  it("accepts the pinned form for the TopicArn's region and returns the URL to fetch", () => {
    const result = checkSnsCertUrl(GOOD, TOPIC);
    expect(result.ok && result.value.href).toBe(GOOD);
  });

  it("accepts the China and GovCloud endpoints for topics in those partitions", () => {
    const cn = "arn:aws-cn:sns:cn-north-1:123456789012:alarms";
    const gov = "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alarms";
    expect(checkSnsCertUrl(`https://sns.cn-north-1.amazonaws.com.cn${PEM_PATH}`, cn).ok).toBe(true);
    expect(checkSnsCertUrl(`https://sns.cn-north-1.amazonaws.com${PEM_PATH}`, cn).ok).toBe(false);
    expect(checkSnsCertUrl(`https://sns.us-gov-west-1.amazonaws.com${PEM_PATH}`, gov).ok).toBe(true);
  });

  it("accepts the certificate URL of the real AWS-signed fixtures", () => {
    const real =
      "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
    expect(checkSnsCertUrl(real, "arn:aws:sns:us-east-2:295079676684:publish-and-verify").ok).toBe(true);
  });

  it.each(SPOOFS)("refuses %s", (_label, url) => {
    const result = checkSnsCertUrl(url, TOPIC);
    expect(result.ok ? "accepted" : result.error.code).toBe("sns_cert_url_rejected");
  });

  it("explains which rule failed", () => {
    const messageOf = (url: string) => {
      const r = checkSnsCertUrl(url, TOPIC);
      return r.ok ? "" : r.error.message;
    };
    expect(messageOf(`https://sns.us-west-2.amazonaws.com${PEM_PATH}`)).toContain(
      "host must be exactly sns.us-east-1.amazonaws.com",
    );
    expect(messageOf(`http://sns.us-east-1.amazonaws.com${PEM_PATH}`)).toContain("scheme must be https");
    expect(messageOf("https://sns.us-east-1.amazonaws.com/evil.pem")).toContain(
      "/SimpleNotificationService-",
    );
  });

  it("lets the test-only override replace the pin, matching the whole URL", () => {
    const pattern = /http:\/\/127\.0\.0\.1:\d+\/SimpleNotificationService-[0-9a-f]{32}\.pem/g;
    const local = `http://127.0.0.1:4567${PEM_PATH}`;
    expect(checkSnsCertUrl(local, TOPIC, pattern).ok).toBe(true);
    expect(checkSnsCertUrl(local, TOPIC, pattern).ok).toBe(true);
    expect(checkSnsCertUrl(`${local}.evil`, TOPIC, pattern).ok).toBe(false);
    expect(checkSnsCertUrl(`https://evil.com/?${local}`, TOPIC, pattern).ok).toBe(false);
    expect(checkSnsCertUrl(GOOD, TOPIC, pattern).ok).toBe(false);
  });
});

describe("createSnsVerifier with a spoofed SigningCertURL", () => {
  const NOW = new Date("2027-03-01T12:00:00.000Z");

  it("verifies the control message whose URL is genuine, so only the URL makes the spoofs fail", async () => {
    const fetchCert = vi.fn<SnsVerifierDeps["fetchCert"]>(async () => TEST_SIGNING_CERT_PEM);
    const verifier = createSnsVerifier(
      { fetchCert, clock: () => NOW },
      { topicArns: [TOPIC], allowAnyTopic: false, maxAgeSeconds: 3600 },
    );
    const result = await verifier.verify(
      buildSignedNotification({ topicArn: TOPIC, timestamp: NOW, message: "m", certUrl: GOOD }),
    );
    expect(result.ok).toBe(true);
    expect(fetchCert).toHaveBeenCalledTimes(1);
  });

  it(`refuses all ${SPOOFS.length} spoofed URLs without a single certificate download`, async () => {
    const fetchCert = vi.fn<SnsVerifierDeps["fetchCert"]>(async () => TEST_SIGNING_CERT_PEM);
    const verifier = createSnsVerifier(
      { fetchCert, clock: () => NOW },
      { topicArns: [TOPIC], allowAnyTopic: false, maxAgeSeconds: 3600 },
    );
    const codes = [];
    for (const [, certUrl] of SPOOFS) {
      const result = await verifier.verify(
        buildSignedNotification({ topicArn: TOPIC, timestamp: NOW, message: "m", certUrl }),
      );
      codes.push(result.ok ? "accepted" : result.error.code);
    }
    expect(SPOOFS.length).toBeGreaterThanOrEqual(25);
    expect(codes).toEqual(SPOOFS.map(() => "sns_cert_url_rejected"));
    expect(fetchCert).not.toHaveBeenCalled();
  });
});
