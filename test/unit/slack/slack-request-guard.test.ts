import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, send } from "../../../src/http/create-http-server.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { guardSlackRequests, MAX_SLACK_BODY_BYTES } from "../../../src/slack/slack-request-guard.js";

const NOW = new Date("2026-12-06T10:00:00.000Z");
const nowSeconds = NOW.getTime() / 1000;

let server: Server | undefined;
let reached = 0;
afterEach(async () => {
  const s = server;
  server = undefined;
  reached = 0;
  if (s) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function start(): Promise<string> {
  const handler = guardSlackRequests({ clock: () => NOW, logger: silentLogger() }, (req, res) => {
    reached++;
    req.resume();
    send(res, 200, "bolt");
  });
  const s = createHttpServer([{ method: "POST", path: "/slack/events", handler }], silentLogger());
  server = s;
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/slack/events`;
}

const post = (url: string, timestamp: number | string, body = "command=%2Fklaxon") =>
  fetch(url, {
    method: "POST",
    headers: {
      "x-slack-request-timestamp": String(timestamp),
      "content-type": "application/x-www-form-urlencoded",
    },
    body,
  });

describe("guardSlackRequests", () => {
  it.each([
    ["301 s ahead", nowSeconds + 301],
    ["1 h ahead", nowSeconds + 3600],
    ["a year ahead", nowSeconds + 365 * 86_400],
  ])("refuses a request dated %s with 401 before Bolt sees it", async (_name, ts) => {
    const url = await start();

    const res = await post(url, ts);

    expect(res.status).toBe(401);
    expect(await res.text()).toContain("future");
    expect(reached).toBe(0);
  });

  it.each([
    ["now", nowSeconds],
    ["300 s ahead", nowSeconds + 300],
    ["an hour old (Bolt refuses it)", nowSeconds - 3600],
    ["not a number (Bolt refuses it)", "soon"],
  ])("passes a request dated %s on to Bolt", async (_name, ts) => {
    const url = await start();

    const res = await post(url, ts);

    expect(res.status).toBe(200);
    expect(reached).toBe(1);
  });

  it("refuses a body declared larger than the limit with 413 before reading it", async () => {
    const url = await start();

    const res = await post(url, nowSeconds, "x".repeat(MAX_SLACK_BODY_BYTES + 1));

    expect(res.status).toBe(413);
    expect(reached).toBe(0);
  });
});
