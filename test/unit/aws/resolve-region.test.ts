import { describe, expect, it } from "vitest";
import { regionNeeds, resolveRegion } from "../../../src/aws/resolve-region.js";

const missing = async (): Promise<string> => {
  throw new Error("Region is missing");
};
const ALL = regionNeeds({ cloudWatchLogs: true, sqs: true, dynamodb: true });

describe("resolveRegion", () => {
  it("takes AWS_REGION from the config first, without asking the SDK", async () => {
    let asked = false;
    const result = await resolveRegion(
      "eu-west-1",
      async () => {
        asked = true;
        return "us-west-2";
      },
      ALL,
    );
    expect(result).toEqual({ ok: true, value: "eu-west-1" });
    expect(asked).toBe(false);
  });

  it("takes the SDK chain's region (a profile's) when AWS_REGION is unset", async () => {
    const result = await resolveRegion(undefined, async () => "ap-southeast-2", ALL);
    expect(result).toEqual({ ok: true, value: "ap-southeast-2" });
  });

  it("is a start-up problem naming AWS_REGION and what needs it, when AWS is called and no region is found", async () => {
    // Act
    const result = await resolveRegion(
      undefined,
      missing,
      regionNeeds({ cloudWatchLogs: false, sqs: true, dynamodb: true }),
    );
    // Assess: no silent us-east-1.
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.path).toBe("env AWS_REGION");
    expect(result.error.message).toMatch(/SQS polling .*DynamoDB store.* need one: set AWS_REGION/);
    expect(result.error.message).not.toMatch(/CloudWatch Logs/);
  });

  it("needs no region when nothing calls AWS (local logs, SQLite, no queue)", async () => {
    const needs = regionNeeds({ cloudWatchLogs: false, sqs: false, dynamodb: false });
    expect(needs).toEqual([]);
    expect(await resolveRegion(undefined, missing, needs)).toEqual({ ok: true, value: undefined });
  });
});
