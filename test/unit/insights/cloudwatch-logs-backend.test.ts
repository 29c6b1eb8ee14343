import type { StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import {
  type CloudWatchLogsClientLike,
  createCloudWatchLogsBackend,
  mapCloudWatchError,
} from "../../../src/insights/cloudwatch-logs-backend.js";

function awsError(name: string, message = "m", extra: object = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

describe("mapCloudWatchError", () => {
  it.each(["LimitExceededException", "ThrottlingException", "ServiceUnavailableException"])(
    "marks %s retryable",
    (name) => {
      expect(mapCloudWatchError(awsError(name), "logs:StartQuery").retryable).toBe(true);
    },
  );

  it("names the missing log group", () => {
    const e = mapCloudWatchError(
      awsError("ResourceNotFoundException", "Log group '/b' does not exist"),
      "logs:StartQuery",
      ["/a", "/b"],
    );
    expect(e.code).toBe("insights_log_group_not_found");
    expect(e.message).toMatch(/^Log group \/b not found/);
  });

  it("keeps the compile error of a malformed query", () => {
    const e = mapCloudWatchError(
      awsError("MalformedQueryException", "x", {
        queryCompileError: { message: "bad token", location: { startCharOffset: 4 } },
      }),
      "logs:StartQuery",
    );
    expect(e.message).toBe(
      "CloudWatch rejected the query at character 4: bad token. Fix the template's query.",
    );
  });

  it("gives an IAM hint naming logs:StartQuery for AccessDenied", () => {
    const e = mapCloudWatchError(awsError("AccessDeniedException"), "logs:StartQuery");
    expect(e.code).toBe("insights_access_denied");
    expect(e.message).toContain("grant logs:StartQuery");
    expect(e.retryable).toBe(false);
  });

  it("keeps unknown errors with their name", () => {
    const e = mapCloudWatchError(
      awsError("InvalidParameterException", "end before start"),
      "logs:StartQuery",
    );
    expect([e.code, e.message]).toEqual([
      "insights_backend",
      "logs:StartQuery failed (InvalidParameterException): end before start",
    ]);
  });
});

describe("StartQuery log groups", () => {
  /** A client that records StartQuery inputs. */
  function recording(): { client: CloudWatchLogsClientLike; inputs: Record<string, unknown>[] } {
    const inputs: Record<string, unknown>[] = [];
    const client = {
      send: async (command: StartQueryCommand) => {
        inputs.push({ ...command.input });
        return { queryId: "q1", $metadata: {} };
      },
    } as unknown as CloudWatchLogsClientLike;
    return { client, inputs };
  }
  const base = { queryString: "fields @message", startTime: 0, endTime: 1 };

  it("sends names as logGroupNames", async () => {
    const { client, inputs } = recording();
    await createCloudWatchLogsBackend({ client }).startQuery({ ...base, logGroupNames: ["/a", "/b"] });
    expect(inputs[0]).toMatchObject({ logGroupNames: ["/a", "/b"] });
    expect(inputs[0]).not.toHaveProperty("logGroupIdentifiers");
  });

  it("sends source accounts' groups given by ARN as logGroupIdentifiers, without a trailing :*", async () => {
    const { client, inputs } = recording();
    await createCloudWatchLogsBackend({ client }).startQuery({
      ...base,
      logGroupNames: ["arn:aws:logs:eu-west-1:111111111111:log-group:/ecs/api:*", "/local"],
    });
    expect(inputs[0]).toMatchObject({
      logGroupIdentifiers: ["arn:aws:logs:eu-west-1:111111111111:log-group:/ecs/api", "/local"],
    });
    expect(inputs[0]).not.toHaveProperty("logGroupNames");
  });
});
