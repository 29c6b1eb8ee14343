import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateCommand } from "../../../src/cli/validate-command.js";
import { ConfigError } from "../../../src/config/errors.js";
import { loadConfig } from "../../../src/config/load-config.js";

function writeConfig(lines: readonly string[]): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-accounts-"));
  const path = join(dir, "klaxon.yaml");
  writeFileSync(path, lines.join("\n"));
  return { dir, path };
}

function validate(dir: string, path: string): { code: number; printed: string[] } {
  const printed: string[] = [];
  const code = validateCommand(
    { KLAXON_CONFIG: path, KLAXON_RUNBOOKS_DIR: join(dir, "runbooks") },
    { out: (line) => printed.push(line), err: (line) => printed.push(line) },
  );
  return { code, printed };
}

const ACCOUNTS = [
  "accounts:",
  "  own: default",
  "  payments:",
  "    roleArn: arn:aws:iam::111111111111:role/klaxon-read",
  "    externalId: ext-01",
  "  '222222222222': { roleArn: 'arn:aws:iam::222222222222:role/klaxon-read' }",
];

describe("accounts in klaxon.yaml", () => {
  it("accepts services and templates naming accounts by name or by id, with regions, and tag routes", () => {
    // Prepare
    const { dir, path } = writeConfig([
      ...ACCOUNTS,
      "services:",
      "  api: { account: payments, region: eu-west-1, logGroups: ['/ecs/api'] }",
      "  search: { account: '111111111111', logGroups: ['/ecs/search'] }",
      "templates:",
      "  recent:",
      "    account: '222222222222'",
      "    region: us-east-2",
      "    description: Recent",
      "    logGroups: ['/ecs/api']",
      "    query: 'fields @message | limit 5'",
      "routes:",
      "  - match: { tags: { team: 'pay*' } }",
      "    channel: '#inc-payments'",
      "tagRouting: { cacheSeconds: 60 }",
    ]);
    // Act
    const { code, printed } = validate(dir, path);
    // Assess
    expect(printed).toEqual([expect.stringMatching(/^ok: .*1 templates, 2 services, 1 routes/)]);
    expect(code).toBe(0);
  });

  it("reports a service or template naming an unknown account at its file:line:column", () => {
    // Prepare: the service's account is on line 8, column 19; the template's on line 11, column 14.
    const { dir, path } = writeConfig([
      ...ACCOUNTS,
      "services:",
      "  api: { account: paymnets, logGroups: ['/ecs/api'] }",
      "templates:",
      "  recent:",
      "    account: '333333333333'",
      "    description: Recent",
      "    logGroups: ['/ecs/api']",
      "    query: 'fields @message | limit 5'",
    ]);
    // Act
    const { code, printed } = validate(dir, path);
    // Assess
    expect(code).toBe(1);
    expect(printed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^${path}:8:19: services\\.api\\.account: "paymnets" is not under accounts:`),
        ),
        expect.stringMatching(
          new RegExp(`^${path}:11:14: templates\\.recent\\.account: "333333333333" is not under accounts:`),
        ),
      ]),
    );
  });

  it("refuses a malformed role ARN and region with their paths", () => {
    const { path } = writeConfig([
      "accounts:",
      "  payments: { roleArn: 'arn:aws:iam::1111:role/x' }",
      "services:",
      "  api: { region: 'Frankfurt', logGroups: ['/ecs/api'] }",
    ]);
    let issues: string[] = [];
    try {
      loadConfig({ KLAXON_CONFIG: path });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues = error.issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${path}:2:.*accounts\\.payments`)),
        expect.stringMatching(new RegExp(`^${path}:4:18: services\\.api\\.region: expected a region code`)),
      ]),
    );
  });
});
