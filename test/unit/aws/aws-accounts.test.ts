import { describe, expect, it } from "vitest";
import { isKnownAccount, resolveAccount, targetOf } from "../../../src/aws/aws-accounts.js";
import type { AccountConfig } from "../../../src/config/schema.js";

const accounts: Record<string, AccountConfig> = {
  own: "default",
  monitoring: { id: "999999999999" },
  payments: { roleArn: "arn:aws:iam::111111111111:role/klaxon-read", externalId: "ext-01" },
  "222222222222": { roleArn: "arn:aws-cn:iam::222222222222:role/klaxon-read", sessionName: "kx" },
};

describe("resolveAccount", () => {
  it("finds a role by its name, by its role's account id and by an id key", () => {
    expect(resolveAccount(accounts, "payments")).toEqual({
      kind: "role",
      accountId: "111111111111",
      roleArn: "arn:aws:iam::111111111111:role/klaxon-read",
      externalId: "ext-01",
      sessionName: "klaxon",
    });
    expect(resolveAccount(accounts, "111111111111")).toMatchObject({
      kind: "role",
      accountId: "111111111111",
    });
    expect(resolveAccount(accounts, "222222222222")).toMatchObject({
      kind: "role",
      roleArn: "arn:aws-cn:iam::222222222222:role/klaxon-read",
      sessionName: "kx",
    });
  });

  it("uses klaxon's own credentials for default entries, absent and unknown accounts", () => {
    expect(resolveAccount(accounts, "own")).toEqual({ kind: "default" });
    expect(resolveAccount(accounts, "999999999999")).toEqual({ kind: "default", accountId: "999999999999" });
    expect(resolveAccount(accounts, undefined)).toEqual({ kind: "default" });
    expect(resolveAccount(accounts, "123456789012")).toEqual({ kind: "default" });
  });
});

describe("isKnownAccount", () => {
  it("knows keys and the ids they stand for, nothing else", () => {
    expect(
      ["own", "payments", "111111111111", "999999999999", "222222222222"].map((a) =>
        isKnownAccount(accounts, a),
      ),
    ).toEqual([true, true, true, true, true]);
    expect(isKnownAccount(accounts, "paymnets")).toBe(false);
    expect(isKnownAccount(accounts, "toString")).toBe(false);
  });
});

describe("targetOf", () => {
  it("takes what the config names and falls back part by part", () => {
    expect(targetOf({ account: "payments" }, { account: "1", region: "eu-west-1" })).toEqual({
      account: "payments",
      region: "eu-west-1",
    });
    expect(targetOf({}, {})).toBeUndefined();
    expect(targetOf(undefined, { region: "us-east-2" })).toEqual({ region: "us-east-2" });
  });

  it("keeps log groups given by ARN in klaxon's own account, in the ARN's region", () => {
    const logGroups = ["arn:aws:logs:eu-central-1:111111111111:log-group:/ecs/api", "/local"];
    expect(targetOf({ logGroups }, { account: "222222222222", region: "us-east-2" })).toEqual({
      region: "eu-central-1",
    });
    expect(targetOf({ logGroups, region: "eu-west-1" })).toEqual({ region: "eu-west-1" });
  });
});
