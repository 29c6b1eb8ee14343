import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSnsCertUrl } from "../../src/ingest/sns/sns-cert-url.js";
import type { SnsMessage } from "../../src/ingest/sns/sns-envelope.js";
import { createSnsVerifier, type SnsVerifierOptions } from "../../src/ingest/sns/verify-sns-message.js";
import { systemClock } from "../../src/shared/clock.js";
import { buildSignedNotification, TEST_SIGNING_CERT_PEM } from "../fakes/sns-signer.js";
import { type Harness, latencyAlarm, startHarness, TOPIC_ARN } from "../support/harness.js";
import { scaled } from "./reliability-helpers.js";

const HEX = "0123456789abcdef0123456789abcdef";
const HOST = "sns.us-east-2.amazonaws.com";
const PATH = `/SimpleNotificationService-${HEX}.pem`;
const ALARM = latencyAlarm("ALARM", "2026-11-20T10:00:00.000Z");

/** Certificate URLs an attacker could try for a topic in us-east-2; none may be fetched. */
const SPOOFED_CERT_URLS = [
  `http://${HOST}${PATH}`,
  `https://${HOST}.evil.example${PATH}`,
  `https://evil.example/${HOST}${PATH}`,
  `https://${HOST}@evil.example${PATH}`,
  `https://evil.example@${HOST}${PATH}`,
  `https://user:pass@${HOST}${PATH}`,
  `https://${HOST}:443${PATH}`,
  `https://${HOST}:8443${PATH}`,
  `https://${HOST}${PATH}?x=1`,
  `https://${HOST}${PATH}#frag`,
  `https://SNS.US-EAST-2.AMAZONAWS.COM${PATH}`,
  `https://${HOST}.${PATH}`,
  "https://sns.us-east-2.amazonаws.com" + PATH,
  `https://xn--sns-us-east-2-amazonws-7hk.com${PATH}`,
  `https://${HOST}\\@evil.example${PATH}`,
  `https://${HOST}/%2e%2e${PATH}`,
  `https://${HOST}/x/..${PATH}`,
  `https://${HOST}/${PATH}`,
  `https://sns.s3-us-west-2.amazonaws.com${PATH}`,
  `https://s3.amazonaws.com/evil-bucket${PATH}`,
  `https://evil-bucket.s3.amazonaws.com${PATH}`,
  `https://sns.us-east-1.amazonaws.com${PATH}`,
  `https://${HOST}.cn${PATH}`,
  `https://${HOST}/cert.pem`,
  `https://${HOST}/SimpleNotificationService-${HEX.toUpperCase()}.pem`,
  `https://${HOST}/SimpleNotificationService-0123.pem`,
  `https://${HOST}/SimpleNotificationService-${HEX}.pem.evil`,
  `https://${HOST}:${PATH}`,
  `https:${HOST}${PATH}`,
  ` https://${HOST}${PATH}`,
  `https://${HOST}${PATH} `,
  `https://${HOST}\t${PATH}`,
  `https://169.254.169.254${PATH}`,
  `https://localhost${PATH}`,
  `https://127.0.0.1${PATH}`,
  `file:///etc/ssl${PATH}`,
  `data:text/plain;base64,${Buffer.from(TEST_SIGNING_CERT_PEM).toString("base64")}`,
  `ftp://${HOST}${PATH}`,
  "",
];

function verifierWithSpy(options: Partial<SnsVerifierOptions> = {}) {
  const fetched: string[] = [];
  const verifier = createSnsVerifier(
    {
      fetchCert: async (url) => {
        fetched.push(url);
        return TEST_SIGNING_CERT_PEM;
      },
      clock: systemClock,
    },
    { topicArns: [TOPIC_ARN], allowAnyTopic: false, maxAgeSeconds: 3600, ...options },
  );
  return { verify: (m: SnsMessage) => verifier.verify(m), fetched };
}

describe("reliability: SNS spoofing, downgrade, staleness and foreign topics", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it(`refuses all ${SPOOFED_CERT_URLS.length} spoofed certificate URLs before any download, directly and over HTTP`, async () => {
    const v = verifierWithSpy();
    let accepted = 0;
    const httpStatuses: number[] = [];
    for (const certUrl of SPOOFED_CERT_URLS) {
      expect(checkSnsCertUrl(certUrl, TOPIC_ARN).ok, certUrl).toBe(false);
      const message = buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, certUrl });
      if ((await v.verify(message)).ok) accepted++;
      httpStatuses.push((await h.postSns(message)).status);
    }
    console.log(
      `reliability: spoofed cert URLs ${SPOOFED_CERT_URLS.length}, accepted ${accepted}, fetches ${v.fetched.length + h.certFetches()}`,
    );
    expect(SPOOFED_CERT_URLS.length).toBeGreaterThanOrEqual(25);
    expect(accepted).toBe(0);
    expect(v.fetched).toEqual([]);
    expect(h.certFetches()).toBe(0);
    expect(httpStatuses.every((s) => s >= 400 && s < 500)).toBe(true);
  });

  it("refuses signature-version downgrades, stale or future timestamps and foreign topics without a download", async () => {
    const strict = verifierWithSpy({ minSignatureVersion: 2 });
    const now = Date.now();
    const cases: [string, SnsMessage, ReturnType<typeof verifierWithSpy>][] = [
      [
        "SHA1 v1 when v2 is required",
        buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, signatureVersion: "1" }),
        strict,
      ],
      ...["3", "", "0", "2 ", "02", "1.0"].map(
        (version): [string, SnsMessage, ReturnType<typeof verifierWithSpy>] => [
          `SignatureVersion ${JSON.stringify(version)}`,
          buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, signatureVersion: version }),
          verifierWithSpy(),
        ],
      ),
      ...[-2 * 3_600_000, -3_601_000, 10 * 60_000, 6 * 60_000].map(
        (offset): [string, SnsMessage, ReturnType<typeof verifierWithSpy>] => [
          `Timestamp ${offset / 1000}s from now`,
          buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, timestamp: new Date(now + offset) }),
          verifierWithSpy(),
        ],
      ),
      ...["yesterday", "", "2026-13-45T99:00:00Z"].map(
        (timestamp): [string, SnsMessage, ReturnType<typeof verifierWithSpy>] => [
          `Timestamp ${JSON.stringify(timestamp)}`,
          buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, timestamp }),
          verifierWithSpy(),
        ],
      ),
      ...[
        "arn:aws:sns:us-east-2:999999999999:klaxon-alarms",
        "arn:aws:sns:us-east-1:123456789012:klaxon-alarms",
        "arn:aws:sns:us-east-2:123456789012:klaxon-alarms-evil",
        `${TOPIC_ARN} `,
        TOPIC_ARN.toUpperCase(),
      ].map((topicArn): [string, SnsMessage, ReturnType<typeof verifierWithSpy>] => [
        `TopicArn ${topicArn}`,
        buildSignedNotification({ topicArn, message: ALARM }),
        verifierWithSpy(),
      ]),
    ];
    const accepted = [];
    for (const [name, message, v] of cases) {
      if ((await v.verify(message)).ok) accepted.push(name);
      expect(v.fetched, name).toEqual([]);
    }
    const control = verifierWithSpy();
    const good = await control.verify(
      buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, signatureVersion: "1" }),
    );
    console.log(
      `reliability: downgrade/stale/foreign-topic cases ${cases.length}, accepted ${accepted.length}`,
    );
    expect(accepted).toEqual([]);
    expect(good.ok).toBe(true);
  });

  it("answers stale, downgraded and foreign-topic notifications over HTTP with 403 and posts nothing", async () => {
    const answers = [
      await h.notify(ALARM, { topicArn: "arn:aws:sns:us-east-2:999999999999:other" }),
      await h.postSns(
        buildSignedNotification({
          topicArn: TOPIC_ARN,
          message: ALARM,
          timestamp: new Date(Date.now() - 7_200_000),
        }),
      ),
      await h.postSns(
        buildSignedNotification({ topicArn: TOPIC_ARN, message: ALARM, signatureVersion: "3" }),
      ),
    ];
    await new Promise((r) => setTimeout(r, 200));
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(h.slack.calls().filter((c) => c.method.startsWith("chat."))).toEqual([]);
  });
});

describe("reliability: forged SNS messages naming an allowed topic and a pinned-looking certificate URL", () => {
  // klaxon's clock stands still, so the per-host download budget never refills during the run, however long.
  const frozen = new Date();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock: () => frozen });
  });
  afterAll(async () => {
    await h.close();
  });

  it("costs 10 certificate downloads (the per-host budget of a minute) however many arrive, and accepts none", async () => {
    const count = scaled(200, 2_000);
    const statuses: Record<string, number> = {};
    for (let n = 0; n < count; n++) {
      const signed = buildSignedNotification({
        topicArn: TOPIC_ARN,
        message: ALARM,
        timestamp: frozen,
        certUrl: `https://${HOST}/SimpleNotificationService-${n.toString(16).padStart(32, "0")}.pem`,
      });
      const forged = { ...signed, Message: signed.Message.replace("ALARM", "OK") };
      const { status } = await h.postSns(forged);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    console.log(
      `reliability: forged messages with distinct pinned-looking cert URLs ${count}, cert fetches ${h.certFetches()}, statuses ${JSON.stringify(statuses)}`,
    );
    expect(h.certFetches()).toBe(10);
    expect(Object.keys(statuses).sort()).toEqual(["403", "503"]);
    expect(await h.bot.store.pendingOutboxCount()).toBe(0);
  });
});
