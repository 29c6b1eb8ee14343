import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { type ServiceConfig, ServiceSchema } from "../../../../src/config/schema.js";
import type { LogsQueryBackend, ResultRow } from "../../../../src/insights/logs-query-backend.js";
import { createQueryLimiter } from "../../../../src/insights/query-limiter.js";
import { silentLogger } from "../../../../src/shared/logger.js";
import { registerTraceCommand } from "../../../../src/slack/listeners/trace-command.js";

const ID = "19e555d0-b349-11f0-9ee0-09606a1108f9";
const NOW = new Date("2025-10-27T18:00:00.000Z");
const SERVICES: Record<string, ServiceConfig> = Object.fromEntries(
  ["a", "b", "c", "d"].map((name) => [name, ServiceSchema.parse({ logGroups: [`/${name}`] })]),
);
/** How long each service's query runs, in real milliseconds. */
const DURATION: Record<string, number> = { "/a": 0, "/b": 60, "/c": 120, "/d": 450 };

function backend(): LogsQueryBackend {
  const queries = new Map<string, { group: string; at: number }>();
  return {
    async startQuery(input) {
      const id = `q${queries.size}`;
      queries.set(id, { group: input.logGroupNames[0] ?? "", at: Date.now() });
      return id;
    },
    async getQueryResults(id) {
      const q = queries.get(id);
      const done = q !== undefined && Date.now() - q.at >= (DURATION[q.group] ?? 0);
      const row: ResultRow = [
        { field: "@timestamp", value: "2025-10-27 15:25:00.000" },
        { field: "@message", value: `line from ${q?.group}` },
      ];
      return {
        status: done ? "Complete" : "Running",
        results: done ? [row] : [],
        statistics: { bytesScanned: 10, recordsMatched: 1, recordsScanned: 1 },
      };
    },
    async stopQuery() {},
  };
}

interface Call {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly at: number;
}

/** Registers the listener on a stand-in for Bolt's App and runs one command through it. */
async function run(
  text: string,
  options: { notInChannel?: boolean; clock?: () => Date; sleep?: (ms: number) => Promise<void> } = {},
) {
  let handler: ((args: unknown) => Promise<void>) | undefined;
  const app = {
    command: (_name: string, h: (args: unknown) => Promise<void>) => {
      handler = h;
    },
  } as unknown as App;
  registerTraceCommand(app, {
    trace: {
      services: SERVICES,
      backend: backend(),
      limiter: createQueryLimiter(10),
      clock: options.clock ?? (() => NOW),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      logger: silentLogger(),
      limits: { timeoutSeconds: 30, maxBytesScanned: 1e9, pollIntervalMs: 10 },
      region: "us-east-1",
    },
    logger: silentLogger(),
    updateIntervalMs: 200,
  });
  const calls: Call[] = [];
  const record = (method: string) => async (args: Record<string, unknown>) => {
    calls.push({ method, args, at: Date.now() });
    if (method === "chat.postMessage" && options.notInChannel) {
      throw Object.assign(new Error("An API error occurred: not_in_channel"), {
        code: "slack_webapi_platform_error",
        data: { ok: false, error: "not_in_channel" },
      });
    }
    return { ok: true, ts: "1761588000.000100" };
  };
  await handler?.({
    ack: record("ack"),
    respond: record("respond"),
    command: { text, channel_id: "C1", user_id: "U1" },
    client: {
      chat: { postMessage: record("chat.postMessage"), update: record("chat.update") },
      filesUploadV2: record("files.uploadV2"),
    },
  });
  return calls;
}

describe("registerTraceCommand", () => {
  it("posts a working message, updates it at most once per interval, and ends with the final answer", async () => {
    // Act
    const calls = await run(ID);

    // Assess
    expect(calls.map((c) => c.method).slice(0, 2)).toEqual(["ack", "chat.postMessage"]);
    expect(calls[1]?.args.text).toBe(`⏳ Tracing ${ID}: 0/4 services done`);
    const writes = calls.filter((c) => c.method === "chat.postMessage" || c.method === "chat.update");
    for (let i = 1; i < writes.length; i += 1) {
      expect((writes[i]?.at ?? 0) - (writes[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(195);
    }
    expect(writes.at(-1)?.args.text).toBe(`Trace ${ID}: 4 lines from 4 of 4 services`);
    expect(writes.length).toBeLessThan(2 + 4 * 2);
  });

  it("answers through response_url when the bot is not in the channel", async () => {
    // Act
    const calls = await run(ID, { notInChannel: true });

    // Assess
    expect(calls.filter((c) => c.method === "chat.update")).toHaveLength(0);
    const responses = calls.filter((c) => c.method === "respond");
    expect(responses).toHaveLength(1);
    expect(responses[0]?.args).toMatchObject({
      response_type: "in_channel",
      text: `Trace ${ID}: 4 lines from 4 of 4 services`,
    });
  });

  it("spaces the updates by the injected clock, waiting through the injected sleep", async () => {
    // Prepare: a clock that stands still, so every gap between two writes is the whole interval.
    const slept: number[] = [];
    const sleep = (ms: number) => {
      slept.push(ms);
      return new Promise<void>((resolve) => setTimeout(resolve, ms));
    };

    // Act
    const calls = await run(ID, { clock: () => NOW, sleep });

    // Assess
    expect(calls.at(-1)?.args.text).toBe(`Trace ${ID}: 4 lines from 4 of 4 services`);
    expect(slept.filter((ms) => ms === 200).length).toBeGreaterThanOrEqual(1);
  });

  it("answers a usage problem privately and posts nothing", async () => {
    // Act
    const calls = await run(`${ID} services=payments`);

    // Assess
    expect(calls.map((c) => c.method)).toEqual(["ack", "respond"]);
    expect(calls[1]?.args).toMatchObject({ response_type: "ephemeral" });
    expect(String(calls[1]?.args.text)).toContain(
      "No service called payments. Configured services: a, b, c, d.",
    );
  });
});
