import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/errors.js";
import { loadConfig } from "../../../src/config/load-config.js";

function load(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-mutes-config-"));
  const path = join(dir, "klaxon.yaml");
  writeFileSync(path, yaml);
  return loadConfig({ KLAXON_CONFIG: path }, dir);
}

function issuesOf(yaml: string): string[] {
  try {
    load(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("mutes: and reports: in klaxon.yaml", () => {
  it("accepts weekly mute windows and the weekly report", () => {
    const config = load(
      [
        "mutes:",
        '  - match: { route: "batch-*" }',
        '    weekly: "Sun 02:00-04:00 UTC"',
        "    reason: backups",
        "reports:",
        '  channel: "#ops"',
      ].join("\n"),
    );

    expect(config.file.mutes).toEqual([
      { match: { route: "batch-*" }, weekly: "Sun 02:00-04:00 UTC", reason: "backups" },
    ]);
    expect(config.file.reports).toEqual({ channel: "#ops", weekly: "Mon 09:00 UTC", days: 7 });
  });

  it("says what is wrong with a window: no match, a bad time, a bad report time", () => {
    const issues = issuesOf(
      [
        "mutes:",
        "  - match: {}",
        '    weekly: "Sunday 2am"',
        "reports:",
        '  channel: "#ops"',
        '  weekly: "Monday"',
      ].join("\n"),
    );

    expect(issues.join("\n")).toContain("give match.route (a route name glob) or match.alarmName");
    expect(issues.join("\n")).toContain('expected a day and UTC times such as "Sun 02:00-04:00 UTC"');
    expect(issues.join("\n")).toContain('expected a day and a UTC time such as "Mon 09:00 UTC"');
  });
});
