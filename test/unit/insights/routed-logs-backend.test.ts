import { describe, expect, it } from "vitest";
import type { AwsTarget } from "../../../src/aws/aws-accounts.js";
import type { LogsQueryBackend, StartQueryInput } from "../../../src/insights/logs-query-backend.js";
import { createRoutedLogsBackend } from "../../../src/insights/routed-logs-backend.js";

/** A backend that records which calls reached it, answering Complete. */
function recordingBackend(name: string, calls: string[]): LogsQueryBackend {
  let n = 0;
  return {
    async startQuery() {
      n += 1;
      calls.push(`${name}:start`);
      return `${name}-q${n}`;
    },
    async getQueryResults(id) {
      calls.push(`${name}:poll:${id}`);
      return {
        status: "Complete",
        results: [],
        statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
      };
    },
    async stopQuery(id) {
      calls.push(`${name}:stop:${id}`);
    },
  };
}

const input = (target?: AwsTarget): StartQueryInput => ({
  logGroupNames: ["/a"],
  queryString: "fields @message",
  startTime: 0,
  endTime: 1,
  ...(target && { target }),
});

describe("createRoutedLogsBackend", () => {
  it("starts each query in its target's backend and polls and stops it there", async () => {
    // Prepare
    const calls: string[] = [];
    const home = recordingBackend("home", calls);
    const payments = recordingBackend("payments", calls);
    const routed = createRoutedLogsBackend((t) => (t.account === "payments" ? payments : home));
    // Act
    const a = await routed.startQuery(input({ account: "payments", region: "eu-west-1" }));
    const b = await routed.startQuery(input());
    await routed.stopQuery(a);
    await routed.getQueryResults(b);
    // Assess
    expect(calls).toEqual(["payments:start", "home:start", "payments:stop:payments-q1", "home:poll:home-q1"]);
  });
});
