import type { HeaderBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { type ServiceConfig, ServiceSchema } from "../../../../src/config/schema.js";
import type { LogsQueryBackend, ResultRow } from "../../../../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../../../../src/insights/query-limiter.js";
import { silentLogger } from "../../../../src/shared/logger.js";
import { buildTraceAnswer } from "../../../../src/slack/blocks/trace-answer.js";
import { planTrace } from "../../../../src/trace/run-trace.js";
import {
  newProgressBook,
  type ServiceProgress,
  snapshotTrace,
  type TraceState,
} from "../../../../src/trace/trace-state.js";
import { allText, expectWithinBlockKitLimits } from "./assert-block-limits.js";

const ID = "19e555d0-b349-11f0-9ee0-09606a1108f9";
const NOW = new Date("2025-10-27T18:00:00.000Z");
const T0 = Date.parse("2025-10-27T15:24:59.693Z");

const service = (streamFilter: string, idField: string): ServiceConfig =>
  ServiceSchema.parse({
    logGroups: ["/aws/containerinsights/dfl-prod-default-eks/application"],
    streamFilter,
    idFields: [idField],
    messageField: "msg",
    levelField: "level",
    errorLevels: ["error"],
  });

const THREE: Record<string, ServiceConfig> = {
  "dynamoai-api": service("dynamoai-api-", "reqId"),
  "dynamoai-moderation": service("dynamoai-moderation-", "trace_id"),
  "dynamoai-models": service("model-", "request_id"),
};

function row(offsetMs: number, msg: string, level = "info"): ResultRow {
  const ts = new Date(T0 + offsetMs).toISOString().replace("T", " ").replace("Z", "");
  return [
    { field: "@timestamp", value: ts },
    { field: "msg", value: msg },
    { field: "level", value: level },
  ];
}

const unusedBackend: LogsQueryBackend = {
  startQuery: () => Promise.reject(new Error("no queries in block tests")),
  getQueryResults: () => Promise.reject(new Error("no queries in block tests")),
  stopQuery: () => Promise.resolve(),
};

type Outcome = Partial<ServiceProgress> & { readonly rows?: ResultRow[] };

/** A trace state as the runner would produce it, with each service's outcome filled in by hand. */
function stateOf(
  services: Record<string, ServiceConfig>,
  outcomes: Record<string, Outcome>,
  finished = true,
): TraceState {
  const plan = planTrace(
    {
      services,
      backend: unusedBackend,
      limiter: createQueryLimiter(1),
      clock: () => NOW,
      sleep: () => Promise.resolve(),
      logger: silentLogger(),
      limits: { timeoutSeconds: 60, maxBytesScanned: 1e9, pollIntervalMs: 100 },
      region: "us-east-1",
    },
    { id: ID },
  );
  if (!plan.ok) throw plan.error;
  const book = newProgressBook(plan.value);
  const [narrowest] = plan.value.windows;
  if (!narrowest) throw new Error("a UUIDv1 always has windows");
  book.progress.forEach((p, i) => {
    const { rows, ...patch } = outcomes[p.service] ?? {};
    book.progress[i] = {
      ...p,
      window: narrowest,
      windowsTried: 1,
      consoleUrl: `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights$3F${"x".repeat(650)}`,
      rowCount: rows?.length ?? 0,
      ...patch,
    };
    if (rows) book.rows.set(p.service, rows);
    book.queriesRun += 1;
  });
  return snapshotTrace(book, 1234, finished);
}

const found = (rows: ResultRow[]): Outcome => ({ status: "found", rows, bytesScanned: 1024 });

describe("buildTraceAnswer", () => {
  it("shows the merged timeline across services, the first error, hops, counts, links and bytes", () => {
    // Prepare
    const state = stateOf(THREE, {
      "dynamoai-api": found([row(0, "POST /v1/analyze"), row(950, "502 Bad Gateway from models", "error")]),
      "dynamoai-moderation": found([row(120, "moderation ok")]),
      "dynamoai-models": found([row(310, "CUDA out of memory. Tried to allocate 2.00 GiB", "error")]),
    });

    // Act
    const message = buildTraceAnswer(state);

    // Assess
    const text = allText(message);
    expect((message.blocks[0] as HeaderBlock).text.text).toBe(`Trace ${ID}`);
    const table = text.slice(text.indexOf("```"), text.lastIndexOf("```"));
    expect(
      table
        .split("\n")
        .slice(3, 7)
        .map((l) => l.split(/\s{2,}/).slice(0, 3)),
    ).toEqual([
      ["dynamoai-api", "+0 ms", "info"],
      ["dynamoai-moderation", "+120 ms", "info"],
      ["dynamoai-models", "+310 ms", "🔥error"],
      ["dynamoai-api", "+950 ms", "error"],
    ]);
    expect(text).toContain("🔥 *First error* in *dynamoai-models* at +310 ms (error):\nCUDA out of memory");
    expect(text).toContain(
      "*Hops:* dynamoai-api → dynamoai-moderation +120 ms · dynamoai-moderation → dynamoai-models +190 ms",
    );
    expect(text).toContain("*dynamoai-api* — 2 lines");
    expect(text.match(/\|console>/g)).toHaveLength(3);
    expect(text).toContain("Scanned 3.0 KB in 3 queries · took 1.234 s");
    expect(message.text).toBe(`Trace ${ID}: 4 lines from 3 of 3 services, first error in dynamoai-models`);
    expect(message.upload).toBeUndefined();
    expectWithinBlockKitLimits(message);
  });

  it("says how many services are done while the trace runs", () => {
    // Prepare
    const state = stateOf(
      THREE,
      {
        "dynamoai-api": found([row(0, "start")]),
        "dynamoai-moderation": { status: "running" },
        "dynamoai-models": { status: "running" },
      },
      false,
    );

    // Act
    const message = buildTraceAnswer(state);

    // Assess
    expect(allText(message)).toContain("⏳ 1/3 services done · 1 line so far");
    expect(message.text).toBe(`⏳ Tracing ${ID}: 1/3 services done`);
    expectWithinBlockKitLimits(message);
  });

  it("names silent and failed services, with what to do about the failure", () => {
    // Prepare
    const state = stateOf(THREE, {
      "dynamoai-api": found([row(0, "start")]),
      "dynamoai-moderation": { status: "empty", windowsTried: 3 },
      "dynamoai-models": {
        status: "failed",
        error: {
          code: "insights_log_group_not_found",
          message: "Log group /aws/containerinsights/x/application not found.",
        },
      },
    });

    // Act
    const text = allText(buildTraceAnswer(state));

    // Assess
    expect(text).toContain(
      "▫️ *dynamoai-moderation* — no lines in ±5 min around 2025-10-27 15:24:59 UTC (widest of 3 windows)",
    );
    expect(text).toContain(
      "❌ *dynamoai-models* — failed: Log group /aws/containerinsights/x/application not found. Check `services.dynamoai-models.logGroups`",
    );
    expect(text).toContain("1 service failed");
  });

  it("escapes and redacts log text so a log line cannot ping, link or leak", () => {
    // Prepare
    const evil = "<!channel> see <https://evil.example|docs> key AKIAIOSFODNN7EXAMPLE ```";
    const state = stateOf(THREE, { "dynamoai-api": found([row(0, evil, "error")]) });

    // Act
    const text = allText(buildTraceAnswer(state));

    // Assess
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<https://evil.example");
    expect(text).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(text).toContain("[redacted");
    expect(text).toContain("&lt;!channel&gt;");
  });

  it("puts a long timeline in a file and a preview in the message", () => {
    // Prepare
    const rows = Array.from({ length: 300 }, (_, i) => row(i * 10, `step ${i} ${"payload ".repeat(30)}`));
    const state = stateOf(THREE, { "dynamoai-api": found(rows) });

    // Act
    const message = buildTraceAnswer(state);
    const withoutFiles = buildTraceAnswer(state, { canUpload: false });

    // Assess
    expect(message.upload?.filename).toBe(`trace-${ID}.txt`);
    expect(message.upload?.content.split("\n").filter((l) => l.startsWith("dynamoai-api  +"))).toHaveLength(
      300,
    );
    expect(allText(message)).toMatch(/… \d+ more lines in trace-19e555d0-b349-11f0-9ee0-09606a1108f9\.txt/);
    expect(withoutFiles.upload).toBeUndefined();
    expect(allText(withoutFiles)).toContain("invite klaxon to this channel");
    expectWithinBlockKitLimits(message);
    expectWithinBlockKitLimits(withoutFiles);
  });

  it("stays within Block Kit limits with dozens of services and long console links", () => {
    // Prepare
    const many = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`service-${i}`, service(`svc-${i}-`, "request_id")]),
    );
    const outcomes = Object.fromEntries(
      Object.keys(many).map((name, i) => [
        name,
        i % 3 === 0 ? found([row(i, `line of ${name}`)]) : { status: "empty" as const },
      ]),
    );

    // Act
    const message = buildTraceAnswer(stateOf(many, outcomes));

    // Assess
    expectWithinBlockKitLimits(message);
    expect(allText(message)).toContain("No lines: service-1, service-2");
  });
});
