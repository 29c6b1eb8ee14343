import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/http/metrics.js";
import { OUTBOX_METRIC_SCRIPT } from "../lib/outbox-metric-sidecar.js";

let server: Server | undefined;
afterEach(() => server?.close());

async function serveMetrics(status: number, body: string): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "text/plain; version=0.0.4" });
    res.end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

/** Runs the sidecar program as ECS does (`node -e`) and returns the first line it prints. */
async function firstLine(url: string): Promise<unknown> {
  const child = spawn(process.execPath, ["-e", OUTBOX_METRIC_SCRIPT], {
    env: { KLAXON_METRICS_URL: url, KLAXON_SERVICE_NAME: "Klaxon", KLAXON_SCRAPE_MS: "600000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, "line")) as [string];
    return JSON.parse(line);
  } finally {
    child.kill();
  }
}

describe("outbox metric sidecar", () => {
  it("prints klaxon_outbox_pending from klaxon's /metrics as the JSON line the metric filter reads", async () => {
    const metrics = createMetrics(true);
    metrics.outboxPending.set(17);
    metrics.slackCalls.inc({ kind: "post", result: "ok" });
    const url = await serveMetrics(200, await metrics.registry.metrics());
    expect(await firstLine(url)).toEqual({ metric: "klaxon_outbox_pending", service: "Klaxon", value: 17 });
  });

  it("says why when the gauge is missing or klaxon does not answer", async () => {
    const url = await serveMetrics(503, "shutting down");
    expect(await firstLine(url)).toEqual({
      metric: "scrape_failed",
      service: "Klaxon",
      error: "status 503, no klaxon_outbox_pending line",
    });
    server?.close();
    expect(await firstLine(url)).toMatchObject({
      metric: "scrape_failed",
      error: expect.stringMatching(/fetch failed/),
    });
  });
});
