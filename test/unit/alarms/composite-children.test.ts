import { describe, expect, it } from "vitest";
import {
  childrenFromRule,
  childrenFromTriggering,
  mergeChildren,
} from "../../../src/alarms/composite-children.js";

describe("childrenFromRule", () => {
  it("reads quoted, unquoted and ARN references of every state function, once each", () => {
    const rule =
      'ALARM("cpu high") AND (OK(disk) OR INSUFFICIENT_DATA(\'mem\')) AND NOT ALARM(arn:aws:cloudwatch:us-east-1:1:alarm:maint) OR ALARM("cpu high")';

    expect(childrenFromRule(rule)).toEqual([
      { name: "cpu high" },
      { name: "disk" },
      { name: "mem" },
      { name: "maint", arn: "arn:aws:cloudwatch:us-east-1:1:alarm:maint" },
    ]);
  });

  it("finds nothing in TRUE/FALSE rules", () => {
    expect(childrenFromRule("TRUE")).toEqual([]);
  });
});

describe("childrenFromTriggering", () => {
  it("reads both the EventBridge and the SNS spelling and skips entries without an ARN", () => {
    const children = childrenFromTriggering([
      { arn: "arn:aws:cloudwatch:us-east-1:1:alarm:a", state: { value: "ALARM" } },
      { Arn: "arn:aws:cloudwatch:us-east-1:1:alarm:b", State: { Value: "OK" } },
      { state: { value: "ALARM" } },
      "junk",
    ]);

    expect(children).toEqual([
      { name: "a", arn: "arn:aws:cloudwatch:us-east-1:1:alarm:a", state: "ALARM" },
      { name: "b", arn: "arn:aws:cloudwatch:us-east-1:1:alarm:b", state: "OK" },
    ]);
  });

  it("returns nothing for a value that is not a list", () => {
    expect(childrenFromTriggering({ arn: "x" })).toEqual([]);
  });
});

describe("mergeChildren", () => {
  it("keeps triggering children first and adds rule children not already present", () => {
    const merged = mergeChildren(
      [{ name: "a", arn: "arn:aws:cloudwatch:us-east-1:1:alarm:a", state: "ALARM" }],
      [{ name: "a" }, { name: "b" }],
    );

    expect(merged).toEqual([
      { name: "a", arn: "arn:aws:cloudwatch:us-east-1:1:alarm:a", state: "ALARM" },
      { name: "b" },
    ]);
  });
});
