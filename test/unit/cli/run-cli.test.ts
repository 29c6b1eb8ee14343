import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/run-cli.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SAMPLE_ALARM = join(ROOT, "samples", "alarms", "axonflow-high-latency-ALARM.json");
/** A stack trace line as Node prints it. */
const STACK_LINE = /^\s{4}at /m;

function captured() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (line: string) => void out.push(line), err: (line: string) => void err.push(line) },
    out: () => out.join("\n"),
    err: () => err.join("\n"),
  };
}

let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "klaxon-cli-"));
  env = {
    KLAXON_RUNBOOKS_DIR: join(ROOT, "runbooks"),
    KLAXON_DB: join(dir, "klaxon.db"),
    KLAXON_LOG_LEVEL: "silent",
  };
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("klaxon --version", () => {
  it("prints the package version and exits 0", async () => {
    // Prepare
    const io = captured();
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

    // Act
    const code = await runCli(["--version"], env, io.io);

    // Assess
    expect(code).toBe(0);
    expect(io.out()).toBe(version);
    expect(io.err()).toBe("");
  });
});

describe("klaxon with an unknown command", () => {
  it("names it and shows the usage on stderr, exit 2", async () => {
    // Prepare
    const io = captured();

    // Act
    const code = await runCli(["frobnicate"], env, io.io);

    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain('unknown command "frobnicate"');
    expect(io.err()).toContain("usage: klaxon <command>");
    expect(io.out()).toBe("");
  });
});

describe("klaxon simulate", () => {
  it("without a file prints its usage on stderr, exit 2", async () => {
    // Prepare
    const io = captured();

    // Act
    const code = await runCli(["simulate"], env, io.io);

    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain("usage: klaxon simulate <alarm.json>");
  });

  it("with a missing file or a folder says which path it could not read, exit 2, no stack trace", async () => {
    // Prepare
    const missing = captured();
    const folder = captured();

    // Act
    const missingCode = await runCli(["simulate", join(dir, "nope.json")], env, missing.io);
    const folderCode = await runCli(["simulate", dir], env, folder.io);

    // Assess
    expect(missingCode).toBe(2);
    expect(missing.err()).toContain(`cannot read ${join(dir, "nope.json")} (ENOENT)`);
    expect(folderCode).toBe(2);
    expect(folder.err()).toContain(`cannot read ${dir} (EISDIR)`);
    expect(`${missing.err()}${folder.err()}`).not.toMatch(STACK_LINE);
    expect(`${missing.out()}${folder.out()}`).toBe("");
  });

  it("with a bad config lists the problem on stderr, exit 2, no stack trace", async () => {
    // Prepare
    const config = join(dir, "klaxon.yaml");
    writeFileSync(config, "slack:\n  defaultChannel: 42\n");
    const io = captured();

    // Act
    const code = await runCli(["simulate", SAMPLE_ALARM], { ...env, KLAXON_CONFIG: config }, io.io);

    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain(`${config}:2:19: slack.defaultChannel`);
    expect(io.err()).not.toMatch(STACK_LINE);
    expect(io.out()).toBe("");
  });

  it("with a payload that is not an alarm says why on stderr, exit 1", async () => {
    // Prepare
    const file = join(dir, "not-an-alarm.json");
    writeFileSync(file, '{"hello":"world"}');
    const io = captured();

    // Act
    const code = await runCli(["simulate", file], env, io.io);

    // Assess
    expect(code).toBe(1);
    expect(io.err()).toContain(`${file}: The notification has no alarm name`);
  });

  it("with a sample alarm shows its route and runbook on stdout, exit 0", async () => {
    // Prepare
    const io = captured();

    // Act
    const code = await runCli(["simulate", SAMPLE_ALARM], env, io.io);

    // Assess
    expect(code).toBe(0);
    expect(io.out()).toContain("alarm:    axonflow-high-latency");
    expect(io.out()).toContain("runbook:  high-latency");
    expect(io.err()).toBe("");
  });
});

describe("klaxon validate", () => {
  it("with a missing config file reports it as a problem, exit 1, no stack trace", async () => {
    // Prepare
    const io = captured();
    const missing = join(dir, "missing.yaml");

    // Act
    const code = await runCli(["validate"], { ...env, KLAXON_CONFIG: missing }, io.io);

    // Assess
    expect(code).toBe(1);
    expect(io.out()).toContain(`env KLAXON_CONFIG: file ${missing} does not exist`);
    expect(`${io.out()}${io.err()}`).not.toMatch(STACK_LINE);
  });
});

describe("klaxon start", () => {
  it("with half the Slack settings says which is missing on stderr, exit 2, before starting anything", async () => {
    // Prepare
    const io = captured();

    // Act
    const code = await runCli(["start"], { ...env, SLACK_BOT_TOKEN: "xoxb-1" }, io.io);

    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain("env SLACK_SIGNING_SECRET");
    expect(io.err()).not.toMatch(STACK_LINE);
  });
});
