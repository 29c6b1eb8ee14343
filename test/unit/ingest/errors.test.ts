import { describe, expect, it } from "vitest";
import { describeSqsReceiveError, SQS_REQUIRED_ACTIONS } from "../../../src/ingest/errors.js";
import { createSqsPoller } from "../../../src/ingest/sqs/sqs-poller.js";
import { systemClock } from "../../../src/shared/clock.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { fakeSqsClient } from "./sqs/sqs-test-kit.js";

const QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/klaxon-alarms";
const sdkError = (name: string, Code?: string) =>
  Object.assign(new Error(`${name} from AWS`), { name, Code });

describe("describeSqsReceiveError", () => {
  it("turns AccessDenied into sqs_access_denied naming the queue and the three IAM actions", () => {
    const e = describeSqsReceiveError(sdkError("AccessDeniedException", "AccessDenied"), QUEUE);

    expect(e.code).toBe("sqs_access_denied");
    expect(e.transient).toBe(false);
    expect(e.message).toContain(QUEUE);
    expect(e.message).toContain(SQS_REQUIRED_ACTIONS);
  });

  it("recognises a missing queue by shape name or by the legacy NonExistentQueue code", () => {
    const byName = describeSqsReceiveError(sdkError("QueueDoesNotExist"), QUEUE);
    const byCode = describeSqsReceiveError(
      sdkError("SQSServiceException", "AWS.SimpleQueueService.NonExistentQueue"),
      QUEUE,
    );

    expect([byName.code, byCode.code]).toEqual(["sqs_queue_not_found", "sqs_queue_not_found"]);
    expect(byName.message).toContain("KLAXON_SQS_QUEUE_URL");
  });

  it("separates bad credentials and throttling from other failures", () => {
    expect(describeSqsReceiveError(sdkError("InvalidClientTokenId"), QUEUE).code).toBe("sqs_credentials");
    const throttled = describeSqsReceiveError(sdkError("RequestThrottled"), QUEUE);
    expect([throttled.code, throttled.transient]).toEqual(["sqs_throttled", true]);
    const other = describeSqsReceiveError("socket hang up", QUEUE);
    expect([other.code, other.transient]).toEqual(["sqs_receive_failed", true]);
  });

  it("classes a real connection failure from the SDK as a transient receive failure", async () => {
    const client = fakeSqsClient("http://127.0.0.1:1");
    const poller = createSqsPoller({
      sqs: client,
      queueUrl: QUEUE,
      handle: async () => ({ status: 200, outcome: "accepted", body: "" }),
      clock: systemClock,
      logger: silentLogger(),
    });

    const error = await poller.pollOnce().catch((e: unknown) => e);
    client.destroy();

    expect(error).toMatchObject({ code: "sqs_receive_failed", transient: true });
  });
});
