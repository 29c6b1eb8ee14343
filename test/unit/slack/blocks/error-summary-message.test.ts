import { describe, expect, it } from "vitest";
import { runErrorSummary } from "../../../../src/error-summary/run-error-summary.js";
import { InsightsError } from "../../../../src/insights/errors.js";
import { buildErrorSummaryMessage } from "../../../../src/slack/blocks/error-summary-message.js";
import {
  AXONFLOW,
  axonflowAnswer,
  NOW_S,
  queryKind,
  stubBackend,
  stubDeps,
} from "../../error-summary/error-summary-stubs.js";
import { expectWithinBlockKitLimits } from "./assert-block-limits.js";

const TARGET = { name: "axonflow-api", service: AXONFLOW, adHoc: false };
const LAST_HOUR = { startTime: NOW_S - 3600, endTime: NOW_S };

describe("buildErrorSummaryMessage", () => {
  it("renders the summary with a cost footnote", async () => {
    // Prepare
    const stub = stubBackend(axonflowAnswer);
    const outcome = await runErrorSummary(stubDeps(stub.backend), { target: TARGET, window: LAST_HOUR });
    // Act
    const message = buildErrorSummaryMessage(outcome, { windowText: "last 1h" });
    // Assess
    const all = JSON.stringify(message.blocks);
    expect(message.text).toMatch(/^Errors in axonflow-api: 84 in last 1h/);
    expect(all).toContain("🆕");
    expect(all).toContain("Scanned 28.0 KB in 7 queries.");
    expectWithinBlockKitLimits(message);
  });

  it("says why a failed summary failed, with the console link to try by hand", async () => {
    // Prepare
    const stub = stubBackend((input) =>
      input.startTime === NOW_S - 3600 && queryKind(input) === "bins"
        ? new InsightsError("insights_log_group_not_found", "Log group /axonflow/production not found (stub)")
        : axonflowAnswer(input),
    );
    const outcome = await runErrorSummary(stubDeps(stub.backend), { target: TARGET, window: LAST_HOUR });
    // Act
    const message = buildErrorSummaryMessage(outcome, { windowText: "last 1h" });
    // Assess
    expect(message.text).toMatch(/^Could not summarise errors in axonflow-api: .*not found/);
    expect(JSON.stringify(message.blocks)).toContain("Try the query in Logs Insights");
  });
});
