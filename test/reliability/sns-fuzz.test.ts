import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleSnsDelivery } from "../../src/ingest/sns/handle-sns-delivery.js";
import type { SnsMessage } from "../../src/ingest/sns/sns-envelope.js";
import { createSnsVerifier } from "../../src/ingest/sns/verify-sns-message.js";
import { systemClock } from "../../src/shared/clock.js";
import { silentLogger } from "../../src/shared/logger.js";
import { buildSignedNotification, TEST_SIGNING_CERT_PEM, testCertUrl } from "../fakes/sns-signer.js";
import { type Harness, latencyAlarm, startHarness, TOPIC_ARN } from "../support/harness.js";
import { scaled } from "./reliability-helpers.js";

const TOTAL = scaled(1000, 10_000);
const HTTP_SAMPLE = scaled(100, 1000);
const SEED = 20261120;

function directDeps() {
  const fetched: string[] = [];
  let ingested = 0;
  let confirmed = 0;
  const verifier = createSnsVerifier(
    {
      fetchCert: async (url) => {
        fetched.push(url);
        return TEST_SIGNING_CERT_PEM;
      },
      clock: systemClock,
    },
    { topicArns: [TOPIC_ARN], allowAnyTopic: false, maxAgeSeconds: 3600 },
  );
  const deps = {
    verify: (m: SnsMessage) => verifier.verify(m),
    confirm: async () => {
      confirmed++;
      return { ok: true as const, value: "sub" };
    },
    ingest: async () => {
      ingested++;
      return { status: "duplicate" as const };
    },
    clock: systemClock,
    logger: silentLogger(),
  };
  return { deps, fetched, ingested: () => ingested, confirmed: () => confirmed };
}

const valid = () =>
  buildSignedNotification({
    topicArn: TOPIC_ARN,
    message: latencyAlarm("ALARM", "2026-11-20T10:00:00.000Z"),
  });

/** Garbage: random text, random JSON, truncated or deeply nested JSON, wrong types. */
const garbage = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null"),
  fc.nat({ max: 400 }).map((n) => JSON.stringify(valid()).slice(0, n)),
  fc.integer({ min: 1, max: 5000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
  fc.integer({ min: 1, max: 2000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
);

const envelopeField = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
);
/** Envelope-shaped objects whose certificate URL is anything but the pinned one. */
const envelopes = fc
  .record(
    {
      Type: fc.oneof(
        fc.constantFrom("Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"),
        envelopeField,
      ),
      MessageId: fc.oneof(fc.uuid(), envelopeField),
      TopicArn: fc.oneof(fc.constant(TOPIC_ARN), envelopeField),
      Message: fc.oneof(fc.json(), envelopeField),
      Timestamp: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        envelopeField,
      ),
      SignatureVersion: fc.oneof(fc.constantFrom("1", "2", "3", "", "0"), envelopeField),
      Signature: fc.oneof(fc.base64String({ maxLength: 344 }), envelopeField),
      SigningCertURL: fc.oneof(
        fc.webUrl(),
        fc
          .webUrl()
          .map((u) => u.replace(/^https?:\/\/[^/]+/, "https://sns.us-east-2.amazonaws.com.evil.example")),
        envelopeField,
      ),
      Token: fc.string({ maxLength: 20 }),
      SubscribeURL: fc.webUrl(),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));

/** A valid signed notification with one field replaced or one character flipped. */
const mutated = fc
  .record({
    field: fc.constantFrom(
      "Message",
      "MessageId",
      "Timestamp",
      "TopicArn",
      "Type",
      "Signature",
      "SignatureVersion",
      "Subject",
    ),
    value: fc.string({ maxLength: 40 }),
    flip: fc.nat(),
  })
  .map(({ field, value, flip }) => {
    const m: Record<string, unknown> = { ...valid() };
    const current = m[field];
    if (typeof current === "string" && current.length > 0 && flip % 2 === 0) {
      const i = flip % current.length;
      const c = current.charCodeAt(i);
      m[field] = current.slice(0, i) + String.fromCharCode(c === 65 ? 66 : 65) + current.slice(i + 1);
    } else if (current !== value) {
      m[field] = value;
    } else {
      m[field] = `${value}x`;
    }
    return JSON.stringify(m);
  });

/** Slack calls that would show something to users (Bolt's own `auth.test` is not one). */
const chatCalls = (h: Harness) => h.slack.calls().filter((c) => c.method.startsWith("chat."));

describe("reliability: fuzzed and malformed SNS bodies", () => {
  let h: Harness;
  let unhandled = 0;
  const onUnhandled = () => {
    unhandled++;
  };
  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    h = await startHarness();
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await h.close();
  });

  it(`answers ${TOTAL} fuzzed bodies with 4xx, fetching no certificate for an unpinned URL and ingesting nothing`, async () => {
    const d = directDeps();
    const statuses = new Map<number, number>();
    const third = Math.floor(TOTAL / 3);
    const samples = [
      ...fc.sample(garbage, { numRuns: third, seed: SEED }),
      ...fc.sample(envelopes, { numRuns: third, seed: SEED + 1 }),
      ...fc.sample(mutated, { numRuns: TOTAL - 2 * third, seed: SEED + 2 }),
    ];
    for (const body of samples) {
      const answer = await handleSnsDelivery(d.deps, body);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    }
    const non4xx = [...statuses].filter(([s]) => s < 400 || s >= 500).reduce((n, [, c]) => n + c, 0);
    const unpinned = d.fetched.filter((u) => u !== testCertUrl("us-east-2"));
    console.log(
      `reliability: fuzzed SNS bodies ${samples.length} (seed ${SEED}), accepted ${d.ingested()}, non-4xx ${non4xx}, ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}, cert fetches ${d.fetched.length} (unpinned ${unpinned.length})`,
    );
    expect(samples).toHaveLength(TOTAL);
    expect(non4xx).toBe(0);
    expect(d.ingested()).toBe(0);
    expect(d.confirmed()).toBe(0);
    expect(unpinned).toEqual([]);
    expect(unhandled).toBe(0);
  });

  it(`answers a sample of ${HTTP_SAMPLE} fuzzed bodies, non-UTF-8 bytes and an over-size body over HTTP with 4xx and no Slack call`, async () => {
    const bodies: (string | Buffer)[] = [
      ...fc.sample(fc.oneof(garbage, envelopes), { numRuns: HTTP_SAMPLE, seed: SEED + 3 }),
      Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x80, 0x22, 0x7d]),
      "x".repeat(1024 * 1024 + 1),
    ];
    const statuses: number[] = [];
    for (const body of bodies) {
      const res = await fetch(`${h.bot.url}/sns`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body,
      });
      await res.text();
      statuses.push(res.status);
    }
    await new Promise((r) => setTimeout(r, 200));
    const non4xx = statuses.filter((s) => s < 400 || s >= 500).length;
    console.log(
      `reliability: fuzzed SNS bodies over HTTP ${bodies.length}, non-4xx ${non4xx}, cert fetches ${h.certFetches()}, ` +
        `Slack chat calls ${chatCalls(h).length}, over-size answer ${statuses.at(-1)}`,
    );
    expect(non4xx).toBe(0);
    expect(statuses.at(-1)).toBe(413);
    expect(h.certFetches()).toBe(0);
    expect(chatCalls(h)).toEqual([]);
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
  });
});
