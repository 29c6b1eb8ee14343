import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QueryCommandIo, queryCommand } from "../../../src/cli/query-command.js";
import {
  type FakeCloudWatchLogsServer,
  startFakeCloudWatchLogsServer,
} from "../../fakes/fake-cloudwatch-logs-server.js";

const SAMPLE_LOGS = fileURLToPath(new URL("../../../samples/logs", import.meta.url));
const CONFIG = fileURLToPath(new URL("../../../klaxon.example.yaml", import.meta.url));
const ENV = { KLAXON_CONFIG: CONFIG };
/** Half an hour after the sample logs end (they cover 2026-11-20 06:00–12:00 UTC). */
const NOW = new Date("2026-11-20T12:30:00Z");
const clock = () => NOW;

interface Captured {
  readonly io: QueryCommandIo;
  readonly out: string[];
  readonly err: string[];
  readonly progress: string[];
}

function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  return {
    io: { out: (t) => out.push(t), err: (t) => err.push(t), progress: (t) => progress.push(t) },
    out,
    err,
    progress,
  };
}

describe("klaxon query on the local engine", () => {
  it("prints an aligned table and the statistics line for a raw query over an explicit window", async () => {
    // Prepare
    const c = capture();

    // Act
    const code = await queryCommand(
      ENV,
      [
        "filter @message like /ERROR/ | stats count(*) as n by bin(2h)",
        "--logs-dir",
        SAMPLE_LOGS,
        "--log-group",
        "/ecs/tradai-backend-prod",
        "--start",
        "2026-11-20T06:00Z",
        "--end",
        "2026-11-20T12:00Z",
      ],
      c.io,
      { clock },
    );

    // Assess
    expect(code).toBe(0);
    const lines = (c.out[0] ?? "").split("\n");
    expect(lines[0]).toMatch(/^bin\(2h\) {18}n$/);
    expect(lines[1]).toMatch(/^-{23} {2}-+$/);
    expect(lines.slice(2).map((l) => l.slice(0, 23))).toEqual([
      "2026-11-20 06:00:00.000",
      "2026-11-20 08:00:00.000",
      "2026-11-20 10:00:00.000",
    ]);
    expect(c.err.at(-1)).toMatch(
      /^3 rows · [\d,]+ records matched · [\d,]+ records scanned · [\d.]+ [KM]B scanned · 2026-11-20 06:00 UTC to 2026-11-20 12:00 UTC on local logs in /,
    );
  });

  it("reads every log group of the folder and a relative --since against the clock, as JSON", async () => {
    // Prepare
    const c = capture();

    // Act
    const code = await queryCommand(
      ENV,
      ["stats count(*) as n by @log | sort @log asc", "--logs-dir", SAMPLE_LOGS, "--since", "1h", "--json"],
      c.io,
      { clock },
    );

    // Assess
    expect(code).toBe(0);
    const rows = JSON.parse(c.out[0] ?? "[]") as Record<string, string>[];
    expect(rows.map((r) => r["@log"])).toContain("000000000000:/ecs/tradai-backend-prod");
    expect(rows.map((r) => r["@log"])).toContain("000000000000:/axonflow/production");
    expect(c.err.at(-1)).toContain("last 1h on local logs");
  });

  it("writes CSV with quoted fields", async () => {
    // Prepare
    const c = capture();

    // Act
    const code = await queryCommand(
      ENV,
      [
        "fields @timestamp, @message | filter @message like /Strategy service returned 503/ | sort @timestamp asc | limit 1",
        "--logs-dir",
        SAMPLE_LOGS,
        "--log-group",
        "/ecs/tradai-backend-prod",
        "--window",
        "2026-11-20T06:00Z..2026-11-20T12:00Z",
        "--csv",
      ],
      c.io,
      { clock },
    );

    // Assess
    expect(code).toBe(0);
    const [header, first] = (c.out[0] ?? "").split("\n");
    expect(header).toBe("@timestamp,@message");
    expect(first).toMatch(
      /^2026-11-20 \d\d:\d\d:\d\d\.\d{3},"2026-11-20 \d\d:\d\d:\d\d,\d{3} - .*Strategy service returned 503 .*"$/,
    );
  });

  it("runs a template with key=value parameters and a window", async () => {
    // Prepare
    const c = capture();

    // Act
    const code = await queryCommand(
      ENV,
      [
        "--template",
        "axonflow-error-rate",
        "bucket=1h",
        "2026-11-20T10:00Z..2026-11-20T12:00Z",
        "--logs-dir",
        SAMPLE_LOGS,
        "--json",
      ],
      c.io,
      { clock },
    );

    // Assess
    expect(code).toBe(0);
    const rows = JSON.parse(c.out[0] ?? "[]") as Record<string, string>[];
    expect(rows.map((r) => r["@timestamp"])).toEqual(["2026-11-20 11:00:00.000", "2026-11-20 10:00:00.000"]);
    expect(Object.keys(rows[0] ?? {})).toEqual(["@timestamp", "errors", "total", "error_rate_pct"]);
  });

  it("exits 1 on a parse error with line, column and a caret under the spot", async () => {
    // Prepare
    const c = capture();

    // Act
    const code = await queryCommand(
      ENV,
      ["fields @timestamp\n| filter x = = 1", "--logs-dir", SAMPLE_LOGS],
      c.io,
      {
        clock,
      },
    );

    // Assess
    expect(code).toBe(1);
    expect(c.out).toEqual([]);
    expect(c.err.join("\n")).toBe(
      [
        "Query error at line 2, column 14: expected a value or field after '=' but found '='",
        "  | filter x = = 1",
        "               ^",
      ].join("\n"),
    );
  });

  it("exits 2 when it does not know where to look", async () => {
    // Prepare
    const c = capture();

    // Act
    const code = await queryCommand(ENV, ["fields @message"], c.io, { clock });

    // Assess
    expect(code).toBe(2);
    expect(c.err[0]).toContain("--log-group NAME (CloudWatch) or --logs-dir DIR");
  });
});

describe("klaxon query on CloudWatch Logs (real SDK client, fake endpoint)", () => {
  let fake: FakeCloudWatchLogsServer;

  beforeAll(async () => {
    fake = await startFakeCloudWatchLogsServer();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("starts the query for the log group and window, shows progress on stderr and prints the rows", async () => {
    // Prepare
    fake.reset();
    fake.setSteps([
      { status: "Running", statistics: { recordsScanned: 1200, bytesScanned: 2_048_000, recordsMatched: 3 } },
      {
        status: "Complete",
        results: [
          [
            { field: "@timestamp", value: "2026-11-20 11:58:00.000" },
            { field: "@message", value: "ERROR boom" },
            { field: "@ptr", value: "abc" },
          ],
        ],
        statistics: { recordsScanned: 2400, bytesScanned: 4_096_000, recordsMatched: 1 },
      },
    ]);
    const c = capture();

    // Act
    const code = await queryCommand(
      { ...ENV, AWS_REGION: "eu-west-1" },
      [
        "fields @timestamp, @message | filter @message like /ERROR/",
        "--log-group",
        "/ecs/tradai-backend-prod",
        "--since",
        "1h",
        "--limit",
        "50",
      ],
      c.io,
      {
        clock,
        logsClient: { endpoint: fake.url, credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake" } },
      },
    );

    // Assess
    expect(code).toBe(0);
    expect(fake.startQueries).toMatchObject([
      {
        logGroupNames: ["/ecs/tradai-backend-prod"],
        queryString: "fields @timestamp, @message | filter @message like /ERROR/",
        startTime: NOW.getTime() / 1000 - 3600,
        endTime: NOW.getTime() / 1000,
        limit: 50,
      },
    ]);
    expect(c.progress[0]).toBe("Running on CloudWatch Logs: 1,200 records, 2.0 MB scanned, 3 matched");
    expect(c.progress.at(-1)).toBe("");
    expect(c.out[0]?.split("\n")).toEqual([
      "@timestamp               @message",
      "-----------------------  ----------",
      "2026-11-20 11:58:00.000  ERROR boom",
    ]);
    expect(c.err.at(-1)).toBe(
      "1 row · 1 records matched · 2,400 records scanned · 3.9 MB scanned · last 1h on CloudWatch Logs",
    );
  });

  it("exits 1 with CloudWatch's reason when the query fails", async () => {
    // Prepare
    fake.reset();
    fake.fail({
      operation: "StartQuery",
      name: "ResourceNotFoundException",
      message: "Log group not found",
      times: 1,
    });
    const c = capture();

    // Act
    const code = await queryCommand(
      ENV,
      ["fields @message", "--log-group", "/aws/lambda/missing", "--since", "15m"],
      c.io,
      {
        clock,
        logsClient: { endpoint: fake.url, credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake" } },
      },
    );

    // Assess
    expect(code).toBe(1);
    expect(c.err.at(-1)).toMatch(/^klaxon query: .*\/aws\/lambda\/missing/);
  });
});
