import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SnsVerificationError } from "../../../../src/ingest/sns/errors.js";
import type { SnsDeliveryDeps } from "../../../../src/ingest/sns/handle-sns-delivery.js";
import type { SnsMessage } from "../../../../src/ingest/sns/sns-envelope.js";
import { createSqsHandler } from "../../../../src/ingest/sqs/sqs-handler.js";
import { silentLogger } from "../../../../src/shared/logger.js";
import { err, ok } from "../../../../src/shared/result.js";
import { buildSignedNotification } from "../../../fakes/sns-signer.js";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:klaxon-alarms";
const EVENT_BODY = readFileSync(
  new URL(
    "../../../fixtures/alarms/eventbridge-cw-alarm-state-change-single-metric-awsdocs.json",
    import.meta.url,
  ),
  "utf8",
);
const ALARM = JSON.parse(EVENT_BODY) as object;

function stubDeps(verdict: "ok" | "forged" | SnsVerificationError = "ok") {
  const verified: SnsMessage[] = [];
  const ingested: string[] = [];
  const deps: SnsDeliveryDeps = {
    verify: async (m) => {
      verified.push(m);
      if (verdict === "ok") return ok(m);
      return err(
        verdict === "forged"
          ? new SnsVerificationError("sns_signature_invalid", "signature does not match")
          : verdict,
      );
    },
    confirm: async () => ok("arn:aws:sns:us-east-1:123456789012:klaxon-alarms:sub"),
    ingest: async (input) => {
      ingested.push(input.messageId);
      return { status: "accepted", decision: { effects: [] } };
    },
    clock: () => new Date("2026-11-20T10:00:00.000Z"),
    logger: silentLogger(),
  };
  return { deps, verified, ingested };
}

const meta = { messageId: "sqs-message-1", receiveCount: 1 };

describe("createSqsHandler", () => {
  it("sends an SNS-wrapped body through verification and ingests it under the SNS MessageId", async () => {
    const { deps, verified, ingested } = stubDeps();
    const body = JSON.stringify(
      buildSignedNotification({ topicArn: TOPIC, message: ALARM, messageId: "sns-id-1" }),
    );

    const answer = await createSqsHandler(deps)(body, meta);

    expect(answer).toMatchObject({ status: 200, outcome: "accepted" });
    expect(verified.map((m) => m.MessageId)).toEqual(["sns-id-1"]);
    expect(ingested).toEqual(["sns-id-1"]);
  });

  it("refuses an SNS-wrapped body whose signature fails with a 4xx and ingests nothing", async () => {
    const { deps, ingested } = stubDeps("forged");
    const body = JSON.stringify(buildSignedNotification({ topicArn: TOPIC, message: ALARM }));

    const answer = await createSqsHandler(deps)(body, meta);

    expect(answer.status).toBe(403);
    expect(ingested).toEqual([]);
  });

  it("refuses an envelope without Signature before verifying, naming the missing field", async () => {
    const { deps, verified } = stubDeps();
    const { Signature: _dropped, ...unsigned } = buildSignedNotification({ topicArn: TOPIC, message: ALARM });

    const answer = await createSqsHandler(deps)(JSON.stringify(unsigned), meta);

    expect(answer.status).toBe(400);
    expect(answer.body).toContain("Signature");
    expect(verified).toEqual([]);
  });

  it("ingests a raw EventBridge event without SNS verification, keyed by the event id", async () => {
    const { deps, verified, ingested } = stubDeps();

    const answer = await createSqsHandler(deps)(EVENT_BODY, meta);

    expect(answer).toMatchObject({ status: 200, outcome: "accepted" });
    expect(verified).toEqual([]);
    expect(ingested).toEqual(["c4c1c1c9-6542-e61b-6ef0-8c4d36933a92"]);
  });

  it("answers 422 for a raw body that is not an alarm, so the poller reports it as poison", async () => {
    const { deps, ingested } = stubDeps();

    const answer = await createSqsHandler(deps)("hello from a test publish", meta);

    expect(answer).toMatchObject({ status: 422, outcome: "unparseable" });
    expect(ingested).toEqual([]);
  });

  it.each([
    ["sns_topic_not_allowed", "1", "sns.topicArns"],
    ["sns_stale", "1", "clock"],
    ["sns_unsupported_signature_version", "1", "SignatureVersion to 2"],
    ["sns_cert_fetch_failed", "2", "outbound HTTPS"],
  ] as const)(
    "holds a message refused with %s (the operator can fix it) instead of poisoning it",
    async (code, version, fix) => {
      const { deps, ingested } = stubDeps(new SnsVerificationError(code, `refused: ${code}`));
      const body = JSON.stringify(buildSignedNotification({ topicArn: TOPIC, message: ALARM }));
      const envelope = { ...(JSON.parse(body) as object), SignatureVersion: version };

      const answer = await createSqsHandler(deps)(JSON.stringify(envelope), meta);

      expect(answer).toMatchObject({ status: 503, outcome: "held", hold: { code } });
      expect(answer.hold?.fix).toContain(fix);
      expect(ingested).toEqual([]);
    },
  );

  it("poisons (4xx, no hold) a message with an unknown SignatureVersion or a forged signature", async () => {
    const unknown = stubDeps(
      new SnsVerificationError("sns_unsupported_signature_version", "SignatureVersion 3 refused"),
    );
    const envelope = {
      ...buildSignedNotification({ topicArn: TOPIC, message: ALARM }),
      SignatureVersion: "3",
    };

    const unknownAnswer = await createSqsHandler(unknown.deps)(JSON.stringify(envelope), meta);
    const forgedAnswer = await createSqsHandler(stubDeps("forged").deps)(JSON.stringify(envelope), meta);

    expect([unknownAnswer.status, unknownAnswer.hold]).toEqual([403, undefined]);
    expect([forgedAnswer.status, forgedAnswer.hold]).toEqual([403, undefined]);
  });
});
