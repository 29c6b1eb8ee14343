import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateCommand } from "../../../src/cli/validate-command.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { prepareConfig } from "../../../src/config/prepare-config.js";
import { issuesOf } from "./config-issues.js";

function writeConfig(lines: readonly string[]): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "klaxon-locations-"));
  const path = join(dir, "klaxon.yaml");
  writeFileSync(path, lines.join("\n"));
  return { dir, path };
}

describe("klaxon.yaml problems carry file:line:column", () => {
  it("places schema problems on the offending value", () => {
    // Prepare: the bad account is on line 3, column 23; the empty channel on line 4, column 14.
    const { path } = writeConfig([
      "routes:",
      "  - channel: '#ok'",
      "    match: { account: '12' }",
      "  - channel: ''",
    ]);
    // Act
    const issues = issuesOf(() => loadConfig({ KLAXON_CONFIG: path }));
    // Assess
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^${path}:3:23: routes\\[0\\]\\.match\\.account: expected a 12-digit`),
        ),
        expect.stringMatching(new RegExp(`^${path}:4:14: routes\\[1\\]\\.channel: `)),
      ]),
    );
  });

  it("places an unknown key and a missing required key on their mapping", () => {
    const { path } = writeConfig([
      "slack:",
      "  defaultChannel: '#a'",
      "  colour: red",
      "templates:",
      "  x-y: {}",
    ]);
    const issues = issuesOf(() => loadConfig({ KLAXON_CONFIG: path }));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${path}:2:3: slack: .*colour`)),
        expect.stringMatching(new RegExp(`^${path}:5:8: templates\\.x-y\\.`)),
      ]),
    );
  });

  it("places YAML syntax errors", () => {
    const { path } = writeConfig(["slack:", "  defaultChannel: '#a", "routes: []"]);
    const issues = issuesOf(() => loadConfig({ KLAXON_CONFIG: path }));
    expect(issues[0]).toMatch(new RegExp(`^${path}:\\d+:\\d+: YAML syntax: `));
  });

  it("places unknown variables in a service's log groups", () => {
    const { path } = writeConfig([
      "services:",
      "  api:",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a YAML config placeholder, not a JS template
      "    logGroups: ['/ecs/a', '/ecs/${MISSING}']",
    ]);
    const issues = issuesOf(() => loadConfig({ KLAXON_CONFIG: path }));
    expect(issues).toEqual([
      expect.stringMatching(new RegExp(`^${path}:3:27: services\\.api\\.logGroups\\[1\\]: unknown variable`)),
    ]);
  });

  it("places a route's unknown service found after parsing, and klaxon validate prints it", () => {
    // Prepare
    const { dir, path } = writeConfig([
      "services:",
      "  api: { logGroups: ['/ecs/api'] }",
      "routes:",
      "  - channel: '#ops'",
      "    match: {}",
      "    service: nope",
    ]);
    const config = loadConfig({ KLAXON_CONFIG: path, KLAXON_RUNBOOKS_DIR: join(dir, "runbooks") });
    // Act
    const prepared = prepareConfig(config.file, join(dir, "runbooks"), path);
    const printed: string[] = [];
    const code = validateCommand(
      { KLAXON_CONFIG: path, KLAXON_RUNBOOKS_DIR: join(dir, "runbooks") },
      { out: (line) => printed.push(line), err: (line) => printed.push(line) },
    );
    // Assess
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.error.map((i) => i.path)).toEqual([`${path}:6:14: routes[0].service`]);
    expect(code).toBe(1);
    expect(printed[0]).toMatch(
      new RegExp(`^${path}:6:14: routes\\[0\\]\\.service: "nope" is not a configured service`),
    );
  });
});
