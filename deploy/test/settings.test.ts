import { describe, expect, it } from "vitest";
import { readSettings, SettingsError } from "../lib/settings.js";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alarms";
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f4f1b2c-1111-2222-3333-444455556666";

function context(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

function issuesOf(values: Record<string, unknown>): string[] {
  try {
    readSettings(context(values));
  } catch (error) {
    if (error instanceof SettingsError) return error.issues.map((i) => `${i.key}: ${i.message}`);
    throw error;
  }
  throw new Error("expected a SettingsError");
}

describe("readSettings", () => {
  it("defaults to one HTTP task on SQLite with the klaxon/slack secret and klaxon.yaml baked in", () => {
    const settings = readSettings(
      context({ alarmTopicArns: TOPIC, certificateArn: CERT, domainName: "Klaxon.Example.com" }),
    );
    expect(settings).toMatchObject({
      shape: "http",
      replicas: 1,
      store: "sqlite",
      alarmTopicArns: [TOPIC],
      serviceAlarmTopicArn: TOPIC,
      logGroups: [],
      secretName: "klaxon/slack",
      configFile: "klaxon.yaml",
      domainName: "klaxon.example.com",
      logRetentionDays: 30,
      eventbridgeApiKey: false,
    });
    expect(settings.hostedZone).toBeUndefined();
  });

  it("picks DynamoDB for several replicas and refuses SQLite with more than one", () => {
    const base = { shape: "socket", alarmTopicArns: TOPIC };
    expect(readSettings(context({ ...base, replicas: "3" })).store).toBe("dynamodb");
    expect(issuesOf({ ...base, replicas: "2", store: "sqlite" })).toEqual([
      "store: several replicas share state only through DynamoDB; use -c store=dynamodb (or omit it)",
    ]);
  });

  it("splits comma-separated topics and log groups, and accepts lists from cdk.json", () => {
    const other = "arn:aws:sns:us-east-1:123456789012:billing";
    const fromCli = readSettings(
      context({
        shape: "socket",
        alarmTopicArns: `${TOPIC}, ${other}`,
        logGroups: "/ecs/api,/aws/lambda/x-*",
      }),
    );
    expect(fromCli.alarmTopicArns).toEqual([TOPIC, other]);
    expect(fromCli.logGroups).toEqual(["/ecs/api", "/aws/lambda/x-*"]);
    const fromJson = readSettings(context({ shape: "socket", alarmTopicArns: [TOPIC, other] }));
    expect(fromJson.alarmTopicArns).toEqual([TOPIC, other]);
  });

  it("reports every missing or malformed value at once, naming the context key", () => {
    expect(
      issuesOf({
        shape: "https",
        alarmTopicArns: "arn:aws:sqs:eu-west-1:123456789012:q",
        replicas: "0",
        logGroups: "bad group",
        memoryMiB: "1000",
        logRetentionDays: "31",
        rawMessageDelivery: "yes",
      }),
    ).toEqual([
      'shape: expected http (ALB) or socket (Socket Mode + SQS), got "https"',
      'replicas: expected a whole number from 1 to 20, got "0"',
      'alarmTopicArns: "arn:aws:sqs:eu-west-1:123456789012:q" is not an SNS topic ARN',
      'serviceAlarmTopicArn: "arn:aws:sqs:eu-west-1:123456789012:q" is not an SNS topic ARN',
      'logGroups: "bad group" is not a log group name (a trailing * is allowed)',
      expect.stringMatching(/^certificateArn: the HTTP shape needs an ACM certificate ARN/),
      expect.stringMatching(/^domainName: the HTTP shape needs the public name/),
      "memoryMiB: Fargate allows 1024–4096 MiB in 1024 MiB steps with cpu=512",
      expect.stringMatching(/^logRetentionDays: CloudWatch Logs accepts 1, 3, 5/),
      'rawMessageDelivery: expected true or false, got "yes"',
    ]);
  });

  it("asks for the alarm topics, and refuses the EventBridge key without the HTTP endpoint", () => {
    expect(issuesOf({ shape: "socket", eventbridgeApiKey: "true" })).toEqual([
      expect.stringMatching(/^alarmTopicArns: name the SNS topic/),
      expect.stringMatching(/^eventbridgeApiKey: direct EventBridge delivery needs the HTTP shape/),
    ]);
  });

  it("wants a hosted zone's id and name together", () => {
    const http = { alarmTopicArns: TOPIC, certificateArn: CERT, domainName: "klaxon.example.com" };
    expect(issuesOf({ ...http, hostedZoneId: "Z123" })).toEqual([
      "hostedZoneId: give hostedZoneId and hostedZoneName together, or neither",
    ]);
    const withZone = readSettings(context({ ...http, hostedZoneId: "Z123", hostedZoneName: "example.com" }));
    expect(withZone.hostedZone).toEqual({ id: "Z123", name: "example.com" });
  });

  it("says where to read about the values in the thrown message", () => {
    expect(() => readSettings(context({}))).toThrow(/-c alarmTopicArns: .*\n.*deploy\/README\.md/s);
  });
});
