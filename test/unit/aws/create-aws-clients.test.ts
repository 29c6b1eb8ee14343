import { describe, expect, it } from "vitest";
import { createAwsClients } from "../../../src/aws/create-aws-clients.js";

const accounts = {
  payments: { roleArn: "arn:aws:iam::111111111111:role/klaxon-read" },
  own: "default" as const,
};

describe("createAwsClients per account and region", () => {
  it("creates one client per (account, region), shared by an account's name and id", async () => {
    // Prepare
    const aws = createAwsClients({ region: "us-east-1", accounts });
    // Act
    const byName = aws.cloudwatchForRegion("eu-west-1", "payments");
    const byId = aws.cloudwatchForRegion("eu-west-1", "111111111111");
    const otherRegion = aws.cloudwatchForRegion("us-east-2", "payments");
    const own = aws.cloudwatchForRegion("eu-west-1");
    const unknown = aws.cloudwatchForRegion("eu-west-1", "999999999999");
    // Assess
    expect(byId).toBe(byName);
    expect(otherRegion).not.toBe(byName);
    expect(own).not.toBe(byName);
    expect(unknown).toBe(own);
    expect(await (await byName.client()).config.region()).toBe("eu-west-1");
    aws.destroy();
  });

  it("uses the home Logs client for klaxon's own account in the home region, and others elsewhere", async () => {
    const aws = createAwsClients({ region: "us-east-1", accounts });
    expect(aws.logsFor({})).toBe(aws.logs);
    expect(aws.logsFor({ account: "own", region: "us-east-1" })).toBe(aws.logs);
    const eu = aws.logsFor({ region: "eu-west-1" });
    expect(eu).not.toBe(aws.logs);
    expect(await (await eu.client()).config.region()).toBe("eu-west-1");
    expect(aws.logsFor({ account: "payments", region: "eu-west-1" })).not.toBe(eu);
    expect(aws.logsFor({ account: "payments" })).toBe(
      aws.logsFor({ account: "payments", region: "us-east-1" }),
    );
    aws.destroy();
  });
});
