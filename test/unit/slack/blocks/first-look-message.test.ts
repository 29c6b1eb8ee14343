import { describe, expect, it } from "vitest";
import { runFirstLook } from "../../../../src/error-summary/first-look.js";
import { buildFirstLookMessage } from "../../../../src/slack/blocks/first-look-message.js";
import { makeAlarm } from "../../../fakes/make-alarm.js";
import { axonflowAnswer, stubBackend, stubDeps } from "../../error-summary/error-summary-stubs.js";
import { expectWithinBlockKitLimits } from "./assert-block-limits.js";

const ROUTE = { channel: "#inc-axonflow", service: "axonflow-api" };
/** The sample latency alarm (5 min × 3 periods) moved to 12:00, when the stub's spike is at its height. */
const LATENCY_AT_NOON = makeAlarm({ time: "2026-11-20T12:00:00.000Z" });

describe("buildFirstLookMessage", () => {
  it("heads the error summary with the service and the 25 min up to the alarm", async () => {
    // Prepare
    const look = await runFirstLook(stubDeps(stubBackend(axonflowAnswer).backend), LATENCY_AT_NOON, ROUTE);
    if (look === undefined) throw new Error("the route names a service");
    // Act
    const message = buildFirstLookMessage(look);
    // Assess
    const all = JSON.stringify(message.blocks);
    expect(message.text).toMatch(/^First look: Errors in axonflow-api: \d+ in the 25 min before the alarm/);
    expect(all).toContain(
      ":mag: *First look* at axonflow-api: errors in the 25 min up to the alarm (<!date^",
    );
    expectWithinBlockKitLimits(message);
  });

  it("turns a failed look into one short line telling the reader to run /errors", () => {
    // Act
    const message = buildFirstLookMessage({
      kind: "failed",
      serviceName: "axonflow-api",
      reason: "AccessDeniedException: not authorized",
    });
    // Assess
    expect(message.text).toBe(
      ":mag: first look failed: AccessDeniedException: not authorized; run `/errors axonflow-api` manually",
    );
    expect(message.blocks).toEqual([{ type: "context", elements: [{ type: "mrkdwn", text: message.text }] }]);
  });

  it("escapes a hostile service name and reason", () => {
    // Act
    const message = buildFirstLookMessage({
      kind: "failed",
      serviceName: "<!channel>",
      reason: "not under services: <@U123>",
    });
    // Assess
    expect(message.text).not.toContain("<!channel>");
    expect(message.text).not.toContain("<@U123>");
  });
});
