import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_CONFIG_PATH, loadConfig } from "../../../src/config/load-config.js";
import { issuesOf } from "./config-issues.js";

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-config-"));
  const path = join(dir, "klaxon.yaml");
  writeFileSync(path, text);
  return path;
}

describe("loadConfig", () => {
  it("starts in playground mode from the built-in sample config when nothing is set", () => {
    const config = loadConfig({}, mkdtempSync(join(tmpdir(), "klaxon-empty-")));
    expect(config.mode).toBe("playground");
    expect(config.configPath).toBe(BUILTIN_CONFIG_PATH);
    expect(config.env.PORT).toBe(3000);
    expect(config.file.services["dynamoai-api"]?.logGroups).toEqual([
      "/aws/containerinsights/dfl-prod-default-eks/application",
    ]);
    expect(config.file.services["tradai-backend"]?.logGroups).toEqual(["/ecs/tradai-backend-prod"]);
  });

  it("selects HTTP mode with token and secret, and Socket Mode with an app token as well", () => {
    const base = {
      SLACK_BOT_TOKEN: "xoxb-1-2-abc",
      SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
    };
    expect(loadConfig(base).mode).toBe("http");
    expect(loadConfig({ ...base, SLACK_APP_TOKEN: "xapp-1-A-1-abc" }).mode).toBe("socket");
  });

  it("reports every invalid environment variable and YAML key at once, with paths", () => {
    const path = writeConfig(
      [
        "routes:",
        "  - match: { account: '12' }",
        "    channel: ''",
        "templates:",
        "  Bad_Name: { description: x, logGroups: [a], query: 'fields @message' }",
        "services:",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a YAML config placeholder, not a JS template
        "  api: { logGroups: ['/ecs/${MISSING}'] }",
        "unknownKey: 1",
      ].join("\n"),
    );
    const issues = issuesOf(() =>
      loadConfig({ KLAXON_CONFIG: path, PORT: "99999", SLACK_BOT_TOKEN: "nope", KLAXON_STORE: "dynamodb" }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^env PORT: /),
        expect.stringMatching(/^env SLACK_BOT_TOKEN: expected a bot token/),
        expect.stringMatching(/routes\[0\]\.match\.account: expected a 12-digit AWS account id/),
        expect.stringMatching(/routes\[0\]\.channel: /),
        expect.stringMatching(/templates\.Bad_Name: template names are kebab-case/),
        expect.stringMatching(/unknownKey/),
      ]),
    );
  });

  it("reports unknown variables in log group names", () => {
    const path = writeConfig("services:\n  api: { logGroups: ['/ecs/api-{stage}'] }\n");
    expect(issuesOf(() => loadConfig({ KLAXON_CONFIG: path }))).toEqual([
      `${path}:2:22: services.api.logGroups[0]: unknown variable stage; define it under vars:`,
    ]);
  });

  it("requires both Slack credentials together and a table for DynamoDB", () => {
    const issues = issuesOf(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", KLAXON_STORE: "dynamodb" }));
    expect(issues).toEqual([
      expect.stringMatching(/^env SLACK_SIGNING_SECRET: set both/),
      expect.stringMatching(/^env KLAXON_DYNAMODB_TABLE: required/),
    ]);
  });

  it("names a missing config file and a YAML syntax error", () => {
    expect(issuesOf(() => loadConfig({ KLAXON_CONFIG: "/nonexistent/k.yaml" }))[0]).toMatch(/does not exist/);
    const broken = writeConfig("routes: [\n");
    expect(issuesOf(() => loadConfig({ KLAXON_CONFIG: broken }))[0]).toMatch(/YAML syntax/);
  });

  it("takes the EventBridge API key from KLAXON_EVENTBRIDGE_API_KEY over the YAML file, and checks its length", () => {
    const path = writeConfig("eventbridge: { apiKey: from-the-yaml-file-0123456789 }\n");
    const fromEnv = loadConfig({
      KLAXON_CONFIG: path,
      KLAXON_EVENTBRIDGE_API_KEY: "from-secrets-manager-0123456789",
    });
    expect(fromEnv.file.eventbridge.apiKey).toBe("from-secrets-manager-0123456789");
    expect(loadConfig({ KLAXON_CONFIG: path }).file.eventbridge.apiKey).toBe("from-the-yaml-file-0123456789");
    expect(issuesOf(() => loadConfig({ KLAXON_EVENTBRIDGE_API_KEY: "short" }))).toEqual([
      "env KLAXON_EVENTBRIDGE_API_KEY: use a random secret of at least 16 characters",
    ]);
  });

  it("warns loudly when the SNS certificate pin is overridden", () => {
    const config = loadConfig({ KLAXON_SNS_CERT_URL_PATTERN: "^http://127\\.0\\.0\\.1:\\d+/" });
    expect(config.warnings.join(" ")).toMatch(/Use it only in tests/);
  });
});
